package cn.jiyuan.integrity.console.api;

import java.util.List;

/**
 * A service said no (problem+json), or could not be reached. The console shows it as it is: the service decides
 * rights, the page only explains the answer.
 *
 * @param status the HTTP status the service answered (503 when it did not answer)
 * @param title the problem's title
 * @param detail the problem's detail
 * @param errors the fields the service named, with its reasons
 */
public record ApiRefusal(int status, String title, String detail, List<FieldError> errors) {

    /** One field the service refused, and why. */
    public record FieldError(String field, String message) {}

    public ApiRefusal {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** The reason given for {@code field}, or null. */
    public String errorFor(String field) {
        return errors.stream()
                .filter(e -> field.equals(e.field()))
                .map(FieldError::message)
                .findFirst()
                .orElse(null);
    }

    /** As an exception, to end a page's pipeline. */
    public Refused exception() {
        return new Refused(this);
    }

    /** An {@link ApiRefusal} travelling as an error signal. */
    public static final class Refused extends RuntimeException {
        private final transient ApiRefusal refusal;

        Refused(ApiRefusal refusal) {
            super(refusal.status() + " " + refusal.title() + ": " + refusal.detail(), null, false, false);
            this.refusal = refusal;
        }

        public ApiRefusal refusal() {
            return refusal;
        }
    }
}
