package cn.jiyuan.integrity.support.problems;

import cn.jiyuan.integrity.rules.validation.Violation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds problem documents, and writes them straight to the response where no controller is involved (security
 * entry points, body-size filters).
 */
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    /**
     * A stable, documented type per status, so that {@code type} is always present (RFC 9457 lets an absent type mean
     * about:blank, but API.md promises the field).
     */
    public static URI typeFor(HttpStatus status) {
        return URI.create("urn:jiyuan-integrity:problem:"
                + status.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
    }

    public static ProblemDetail problem(HttpStatus status, String title, String detail, List<Violation> errors) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(status, detail == null || detail.isBlank() ? title : detail);
        problem.setType(typeFor(status));
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", fields(errors));
        }
        return problem;
    }

    /** The {@code errors} member of API.md: one {@code {field, message}} per violation. */
    private static List<Map<String, String>> fields(List<Violation> errors) {
        return errors.stream()
                .map(v -> Map.of("field", v.field(), "message", v.message()))
                .toList();
    }

    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String title, String detail) {
        return write(exchange, status, title, detail, List.of());
    }

    /** A problem with the fields at fault ({@code errors}, as a validation refusal has them). */
    public Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, String title, String detail, List<Violation> errors) {
        var response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", typeFor(status).toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        if (!errors.isEmpty()) {
            body.put("errors", fields(errors));
        }
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set("WWW-Authenticate", "Bearer");
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
