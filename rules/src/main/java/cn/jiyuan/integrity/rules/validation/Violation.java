package cn.jiyuan.integrity.rules.validation;

import java.util.List;

/** One reason a submission is refused, naming the field (JSON path of the submitted body). */
public record Violation(String field, String message) {

    /** Every violation in one line: {@code field: message; field: message}. */
    public static String describe(List<Violation> violations) {
        return String.join(
                "; ",
                violations.stream().map(v -> v.field() + ": " + v.message()).toList());
    }
}
