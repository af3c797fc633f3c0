package cn.jiyuan.integrity.support.problems;

import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;

/** The one place that maps refusals and exceptions to problem+json (STYLE.md). */
@RestControllerAdvice
public class ProblemHandling {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandling.class);
    private static final Duration DATABASE_RETRY = Duration.ofSeconds(5);
    private static final Duration BUSY_RETRY = Duration.ofSeconds(2);

    /** A service's refusal as problem+json: its kind decides the status, here and nowhere else. */
    @ExceptionHandler(Refusal.class)
    ResponseEntity<ProblemDetail> refused(Refusal e, ServerWebExchange exchange) {
        HttpStatus status = status(e.kind());
        return respond(status, title(e.kind()), e.detail(), e.errors(), e.retryAfter(), exchange);
    }

    /** The HTTP status of a kind of refusal. */
    public static HttpStatus status(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** The problem's title for a kind of refusal. */
    public static String title(Refusal.Kind kind) {
        return switch (kind) {
            case INVALID -> "Invalid request";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case TOO_LARGE -> "Payload too large";
            case TOO_MANY_REQUESTS -> "Too many requests";
            case UNAVAILABLE -> "Service unavailable";
        };
    }

    private static ResponseEntity<ProblemDetail> respond(
            HttpStatus status,
            String title,
            String detail,
            List<Violation> errors,
            Duration retryAfter,
            ServerWebExchange exchange) {
        ProblemDetail problem = ProblemWriter.problem(status, title, detail, errors);
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
        }
        return response.body(problem);
    }

    /**
     * A request the framework could not bind: say which part is wrong in the client's terms (the field or parameter,
     * never a Java type or a library's message — review D9).
     */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e, ServerWebExchange exchange) {
        if (tooLarge(e)) {
            return refused(Refusal.tooLarge("the request body is larger than this endpoint accepts"), exchange);
        }
        return refused(Refusal.invalid(List.of(inputViolation(e))), exchange);
    }

    static Violation inputViolation(ServerWebInputException e) {
        if (e instanceof MissingRequestValueException missing) {
            return new Violation(missing.getName(), "is required (" + missing.getLabel() + ")");
        }
        MethodParameter parameter = e.getMethodParameter();
        boolean body = parameter == null || parameter.hasParameterAnnotation(RequestBody.class);
        if (!body) {
            String name = parameter.getParameterName() == null ? "parameter" : parameter.getParameterName();
            return new Violation(name, "has the wrong form");
        }
        JacksonException json = cause(e, JacksonException.class);
        if (json == null) {
            return new Violation("body", "is required and must be a JSON object");
        }
        if (json instanceof StreamConstraintsException) {
            return new Violation("body", "is nested too deeply or has a value that is too long");
        }
        TokenStreamLocation at = json.getLocation();
        String where = at == null || at.getLineNr() < 1
                ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new Violation("body", "is not valid JSON in UTF-8" + where);
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e, ServerWebExchange exchange) {
        return respond(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported Media Type",
                "the body must be application/json",
                List.of(),
                null,
                exchange);
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> limit(DataBufferLimitException e, ServerWebExchange exchange) {
        return refused(Refusal.tooLarge("the request body is larger than this endpoint accepts"), exchange);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, ServerWebExchange exchange) {
        return refused(Refusal.forbidden(e.getMessage()), exchange);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return respond(status, status.getReasonPhrase(), e.getReason(), List.of(), null, exchange);
    }

    /**
     * The database cannot be reached or has no connection free within the pool's acquire time: nothing was written,
     * the caller may retry.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> database(DataAccessException e, ServerWebExchange exchange) {
        LOG.warn(
                "database unavailable on {} {}: {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e.getMostSpecificCause().toString());
        return refused(
                Refusal.unavailable("the database is unavailable or overloaded; retry later", DATABASE_RETRY),
                exchange);
    }

    /** A bounded worker queue is full: the service is busy, nothing was done, the caller may retry. */
    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<ProblemDetail> busy(RejectedExecutionException e, ServerWebExchange exchange) {
        return refused(Refusal.unavailable("the service is busy; retry later", BUSY_RETRY), exchange);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, ServerWebExchange exchange) {
        LOG.error(
                "unexpected error on {} {}",
                exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(),
                e);
        return respond(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "the request could not be completed; it has been logged",
                List.of(),
                null,
                exchange);
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static boolean tooLarge(Throwable e) {
        return cause(e, DataBufferLimitException.class) != null;
    }
}
