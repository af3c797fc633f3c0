package cn.jiyuan.integrity.support.problems;

import cn.jiyuan.integrity.rules.validation.Violation;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A refusal on the way out of a request: rendered as problem+json by {@link ProblemHandling}. Business outcomes stay
 * values inside the services; this is only how they leave over HTTP.
 *
 * @param retryAfter for 429 and 503, how long the caller should wait; else null
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;
    private final List<Violation> errors;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String title, String detail, List<Violation> errors, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static ApiException invalid(List<Violation> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", describe(errors), errors, null);
    }

    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "Forbidden", detail, List.of(), null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "Not found", detail, List.of(), null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "Conflict", detail, List.of(), null);
    }

    public static ApiException tooLarge(String detail) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", detail, List.of(), null);
    }

    public static ApiException tooManyRequests(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", detail, List.of(), retryAfter);
    }

    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", detail, List.of(), retryAfter);
    }

    /** One line naming every field and reason, for clients that read only {@code detail}. */
    public static String describe(List<Violation> errors) {
        return Violation.describe(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Violation> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
