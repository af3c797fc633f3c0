package cn.jiyuan.integrity.rules.objections;

import cn.jiyuan.integrity.rules.validation.Violation;
import java.util.List;

/** Why a command was refused: the service maps the kind to 400/403/404/409. */
public record Rejection(Kind kind, String message, List<Violation> violations) {

    public enum Kind {
        INVALID,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT;
    }

    public Rejection {
        violations = List.copyOf(violations);
    }

    public static Rejection of(Kind kind, String message) {
        return new Rejection(kind, message, List.of());
    }

    public static Rejection invalid(List<Violation> violations) {
        return new Rejection(Kind.INVALID, "the request is invalid", violations);
    }
}
