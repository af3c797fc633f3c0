package cn.jiyuan.integrity.support.refusals;

import cn.jiyuan.integrity.rules.validation.Violation;
import java.time.Duration;
import java.util.List;

/**
 * A request a service refuses, and why, in the service's terms: invalid, not allowed, not found, in conflict, too large,
 * too many, or not possible now. Workflows and services throw it; the web layer alone turns it into problem+json
 * ({@code ProblemHandling}, the one place that knows HTTP statuses).
 */
public final class Refusal extends RuntimeException {

    /** What kind of no it is. */
    public enum Kind {
        /** The request itself is wrong; {@link #errors} names each field and reason. */
        INVALID,
        /** The caller may not do or read this. */
        FORBIDDEN,
        NOT_FOUND,
        /** It contradicts what is already recorded. */
        CONFLICT,
        TOO_LARGE,
        /** The caller has used up its share for now; {@link #retryAfter} says when to try again. */
        TOO_MANY_REQUESTS,
        /** A store or the broker cannot take it now; nothing was done, {@link #retryAfter} says when to try again. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final List<Violation> errors;
    private final Duration retryAfter;

    private Refusal(Kind kind, String detail, List<Violation> errors, Duration retryAfter) {
        super(detail, null, false, false);
        this.kind = kind;
        this.errors = List.copyOf(errors);
        this.retryAfter = retryAfter;
    }

    public static Refusal invalid(List<Violation> errors) {
        return new Refusal(Kind.INVALID, describe(errors), errors, null);
    }

    public static Refusal invalid(String field, String message) {
        return invalid(List.of(new Violation(field, message)));
    }

    public static Refusal forbidden(String detail) {
        return new Refusal(Kind.FORBIDDEN, detail, List.of(), null);
    }

    public static Refusal notFound(String detail) {
        return new Refusal(Kind.NOT_FOUND, detail, List.of(), null);
    }

    public static Refusal conflict(String detail) {
        return new Refusal(Kind.CONFLICT, detail, List.of(), null);
    }

    public static Refusal tooLarge(String detail) {
        return new Refusal(Kind.TOO_LARGE, detail, List.of(), null);
    }

    public static Refusal tooManyRequests(String detail, Duration retryAfter) {
        return new Refusal(Kind.TOO_MANY_REQUESTS, detail, List.of(), retryAfter);
    }

    public static Refusal unavailable(String detail, Duration retryAfter) {
        return new Refusal(Kind.UNAVAILABLE, detail, List.of(), retryAfter);
    }

    /** One line naming every field and reason, for clients that read only {@code detail}. */
    public static String describe(List<Violation> errors) {
        return Violation.describe(errors);
    }

    public Kind kind() {
        return kind;
    }

    /** What was refused, in one sentence for the caller. */
    public String detail() {
        return getMessage();
    }

    public List<Violation> errors() {
        return errors;
    }

    /** For {@link Kind#TOO_MANY_REQUESTS} and {@link Kind#UNAVAILABLE}: how long the caller should wait; else null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
