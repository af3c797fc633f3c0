package cn.jiyuan.integrity.scoring.replay;

import cn.jiyuan.integrity.rules.validation.PlainText;
import java.util.regex.Pattern;
import org.springframework.core.env.Environment;

/**
 * Where a replay may build and who asked for it. The target is dropped and rebuilt, so it must be a schema of the
 * projection's own — the live one's name with a suffix ({@code scoring_2025}), never the live projection or another
 * service's schema (review Z9: {@code --target-schema=query} dropped the audit log). The operator
 * ({@code --operator=}, else the OS user) is recorded in the built schema's {@code meta.built_by}.
 */
record ReplayTarget(String schema, String operator) {

    static ReplayTarget of(Environment env, String live) {
        String schema = Checksum.quote(env.getProperty("target-schema", live + "_replay"));
        if (!schema.matches(Pattern.quote(live) + "_[a-z0-9_]+")) {
            throw new IllegalArgumentException("the target schema must be the live one's name with a suffix, "
                    + live + "_<suffix> (lower-case letters, digits, '_'): a replay drops and rebuilds it, and"
                    + " must never touch the live projection or another service's schema");
        }
        String operator = env.getProperty("operator", System.getProperty("user.name", "unknown"));
        if (operator.isBlank() || operator.length() > 100 || PlainText.problem(operator, false) != null) {
            throw new IllegalArgumentException("--operator must be a name of at most 100 plain characters");
        }
        return new ReplayTarget(schema, operator);
    }
}
