package cn.jiyuan.integrity.support.web;

import cn.jiyuan.integrity.rules.validation.PlainText;
import cn.jiyuan.integrity.rules.validation.Violation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON object field by field, recording a {@link Violation} naming the field for every missing, mistyped,
 * oversized or unknown one, so a sender learns all its mistakes at once.
 */
public final class Json {

    private Json() {}

    public static Reader read(JsonNode body, List<Violation> violations, String... fields) {
        return new Reader(body, violations, "", Set.of(fields));
    }

    /** {@code value} as one of {@code type}'s constants, or null with a violation naming {@code field}. */
    public static <E extends Enum<E>> E constant(
            String value, String field, Class<E> type, List<Violation> violations) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        violations.add(new Violation(
                field,
                "must be one of "
                        + String.join(
                                ", ",
                                Arrays.stream(type.getEnumConstants())
                                        .map(Enum::name)
                                        .toList())));
        return null;
    }

    public static final class Reader {
        private final JsonNode node;
        private final List<Violation> violations;
        private final String prefix;

        private Reader(JsonNode node, List<Violation> violations, String prefix, Set<String> fields) {
            this.violations = violations;
            this.prefix = prefix;
            if (node == null || !node.isObject()) {
                violations.add(new Violation(
                        prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1), "must be a JSON object"));
                this.node = null;
                return;
            }
            this.node = node;
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!fields.contains(e.getKey())) {
                    violations.add(new Violation(prefix + e.getKey(), "is not a field of this request"));
                }
            }
        }

        private JsonNode get(String field, boolean required) {
            JsonNode value = node == null ? null : node.get(field);
            if (value == null || value.isNull()) {
                if (required && node != null) {
                    violations.add(new Violation(prefix + field, "is required"));
                }
                return null;
            }
            return value;
        }

        /** A nested object, read like the body; its violations name {@code field.inner}. Null when absent. */
        public Reader object(String field, String... fields) {
            JsonNode value = get(field, false);
            return value == null ? null : new Reader(value, violations, prefix + field + ".", Set.of(fields));
        }

        /** A string that must be one of {@code type}'s constant names. */
        public <E extends Enum<E>> E oneOf(String field, boolean required, Class<E> type) {
            String s = text(field, required, 64);
            return s == null ? null : constant(s, prefix + field, type, violations);
        }

        /** One line of text: a name, a code, a reference ({@link PlainText}). */
        public String text(String field, boolean required, int maxLength) {
            return text(field, required, maxLength, false);
        }

        /** Free text that may break lines: a summary, a reason, an explanation ({@link PlainText}). */
        public String freeText(String field, boolean required, int maxLength) {
            return text(field, required, maxLength, true);
        }

        private String text(String field, boolean required, int maxLength, boolean freeText) {
            JsonNode value = get(field, required);
            if (value == null) {
                return null;
            }
            if (!value.isString()) {
                violations.add(new Violation(prefix + field, "must be a string"));
                return null;
            }
            String s = value.asString();
            String problem = PlainText.problem(s, freeText);
            if (problem != null) {
                violations.add(new Violation(prefix + field, problem));
                return null;
            }
            if (required && s.isBlank()) {
                violations.add(new Violation(prefix + field, "must not be blank"));
                return null;
            }
            if (s.codePointCount(0, s.length()) > maxLength) {
                violations.add(new Violation(prefix + field, "must be at most " + maxLength + " characters"));
                return null;
            }
            return s;
        }

        public Boolean bool(String field, boolean required) {
            JsonNode value = get(field, required);
            if (value == null) {
                return null;
            }
            if (!value.isBoolean()) {
                violations.add(new Violation(prefix + field, "must be true or false"));
                return null;
            }
            return value.booleanValue();
        }

        public BigDecimal decimal(String field) {
            JsonNode value = get(field, false);
            if (value == null) {
                return null;
            }
            if (!value.isNumber()) {
                violations.add(new Violation(prefix + field, "must be a number"));
                return null;
            }
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                violations.add(new Violation(prefix + field, "must be a number of ordinary size"));
                return null;
            }
            return value.decimalValue();
        }

        public LocalDate date(String field, boolean required) {
            JsonNode value = get(field, required);
            if (value == null) {
                return null;
            }
            if (value.isString()) {
                try {
                    return LocalDate.parse(value.asString());
                } catch (DateTimeParseException e) {
                    // fall through
                }
            }
            violations.add(new Violation(prefix + field, "must be a date like 2025-03-14"));
            return null;
        }

        public JsonNode array(String field, int maxSize) {
            JsonNode value = get(field, false);
            if (value == null) {
                return null;
            }
            if (!value.isArray()) {
                violations.add(new Violation(prefix + field, "must be an array"));
                return null;
            }
            if (value.size() > maxSize) {
                violations.add(new Violation(prefix + field, "must have at most " + maxSize + " entries"));
                return null;
            }
            return value;
        }
    }
}
