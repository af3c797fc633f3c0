package cn.jiyuan.integrity.console.api;

import cn.jiyuan.integrity.console.ConsoleProperties;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * The services' public APIs, called with the signed-in person's token. A refusal (4xx/5xx with problem+json) or a
 * service that does not answer ends the call with {@link ApiRefusal.Refused}.
 */
@Component
public class ServiceApis {

    /** The services the console talks to. */
    public enum Service {
        INGEST,
        OBJECTION,
        QUERY
    }

    static final String PURPOSE_HEADER = "X-Query-Purpose";

    /** A read cut before its answer (its connection failed or was closed under it) is asked once more. */
    private static final Retry CUT_READS = Retry.max(1)
            .filter(WebClientRequestException.class::isInstance)
            .onRetryExhaustedThrow((spec, signal) -> signal.failure());

    private final WebClient client;
    private final ConsoleProperties properties;

    ServiceApis(WebClient.Builder builder, ConsoleProperties properties) {
        // kept-alive connections, none unused longer than the services' header deadline lets them live
        ConnectionProvider pool = ConnectionProvider.builder("integrity-console")
                .maxIdleTime(properties.apiMaxIdle())
                .build();
        this.client = builder.clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool)))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build();
        this.properties = properties;
    }

    /** A path with query parameters; blank and null values are left out. */
    public static UriComponentsBuilder path(String path) {
        return UriComponentsBuilder.fromPath(path);
    }

    /** A query parameter's value as typed, if something was typed. */
    public static Optional<String> given(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public <T> Mono<T> get(Service service, UriComponentsBuilder path, Caller caller, Class<T> type) {
        return exchange(HttpMethod.GET, service, path, caller, null, type);
    }

    public <T> Mono<T> post(Service service, String path, Caller caller, Object body, Class<T> type) {
        return exchange(HttpMethod.POST, service, path(path), caller, body, type);
    }

    public <T> Mono<T> put(Service service, String path, Caller caller, Object body, Class<T> type) {
        return exchange(HttpMethod.PUT, service, path(path), caller, body, type);
    }

    public <T> Mono<T> delete(Service service, String path, Caller caller, Class<T> type) {
        return exchange(HttpMethod.DELETE, service, path(path), caller, null, type);
    }

    /** A file the service answers (a spreadsheet, a PDF), whole. */
    public Mono<byte[]> file(Service service, UriComponentsBuilder path, Caller caller) {
        URI uri = base(service).resolve(path.encode().build().toUriString());
        return client.get()
                .uri(uri)
                .headers(h -> headers(h, caller))
                .accept(MediaType.ALL)
                .retrieve()
                .onStatus(HttpStatusCode::isError, ServiceApis::refusal)
                .bodyToMono(byte[].class)
                .retryWhen(CUT_READS)
                .timeout(properties.apiTimeout())
                .onErrorMap(e -> unreachable(HttpMethod.GET, e));
    }

    /** A server-sent event stream of the service, as lines of its events' data. */
    public Flux<String> stream(Service service, String path, Caller caller, String lastEventId) {
        return client.get()
                .uri(base(service).resolve(path))
                .headers(h -> headers(h, caller))
                .headers(h -> {
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .onStatus(HttpStatusCode::isError, ServiceApis::refusal)
                .bodyToFlux(new ParameterizedTypeReference<String>() {});
    }

    private <T> Mono<T> exchange(
            HttpMethod method, Service service, UriComponentsBuilder path, Caller caller, Object body, Class<T> type) {
        URI uri = base(service).resolve(path.encode().build().toUriString());
        WebClient.RequestBodySpec request =
                client.method(method).uri(uri).headers(h -> headers(h, caller)).accept(MediaType.APPLICATION_JSON);
        WebClient.RequestHeadersSpec<?> ready = body == null ? request : request.bodyValue(body);
        Mono<T> answer = ready.retrieve()
                .onStatus(HttpStatusCode::isError, ServiceApis::refusal)
                .bodyToMono(type);
        if (method == HttpMethod.GET) {
            answer = answer.retryWhen(CUT_READS);
        }
        return answer.timeout(properties.apiTimeout()).onErrorMap(e -> unreachable(method, e));
    }

    private static void headers(HttpHeaders h, Caller caller) {
        h.setBearerAuth(caller.user().token());
        if (caller.purpose() != null) {
            h.set(PURPOSE_HEADER, caller.purpose());
        }
    }

    private URI base(Service service) {
        return switch (service) {
            case INGEST -> properties.ingestUrl();
            case OBJECTION -> properties.objectionUrl();
            case QUERY -> properties.queryUrl();
        };
    }

    private static Mono<Throwable> refusal(ClientResponse response) {
        int status = response.statusCode().value();
        return response.bodyToMono(Problem.class)
                .onErrorResume(e -> Mono.empty())
                .defaultIfEmpty(new Problem(null, "HTTP " + status, null, List.of()))
                .map(p -> new ApiRefusal(status, p.title(), p.detail(), p.errors()).exception());
    }

    /** A service that did not answer; after a write, the person is told it may have been done. */
    private static Throwable unreachable(HttpMethod method, Throwable e) {
        if (e instanceof WebClientRequestException || e instanceof ConnectException || e instanceof TimeoutException) {
            String detail = method == HttpMethod.GET
                    ? (e instanceof TimeoutException ? "服务没有及时答复，请稍后再试。" : "服务没有答复，请稍后再试。")
                    : "服务没有答复：这次提交可能已经生效，请先查看结果，再决定是否重新提交。";
            return new ApiRefusal(503, "服务暂时无法访问", detail, List.of()).exception();
        }
        return e;
    }

    /** The problem+json body every service answers a refusal with. */
    record Problem(String type, String title, String detail, List<ApiRefusal.FieldError> errors) {

        Problem {
            errors = errors == null ? List.of() : errors;
        }
    }
}
