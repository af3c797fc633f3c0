package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.support.security.JwtProperties;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@code token --org SFJ --roles PROVIDER[,UNIT] [--sub name] [--hours 12]}: prints a local HS256 token signed with
 * INTEGRITY_JWT_SECRET (or the built-in local default). No token lives longer than the services accept (12 h).
 */
final class TokenCommand {

    static final long MAX_HOURS = JwtProperties.DEFAULT_MAX_LIFETIME.toHours();

    private TokenCommand() {}

    static int run(String[] args, PrintStream out) {
        String org = null;
        String roles = null;
        String sub = null;
        long hours = 12;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--org" -> org = value;
                case "--roles" -> roles = value;
                case "--sub" -> sub = value;
                case "--hours" -> {
                    try {
                        hours = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        hours = 0;
                    }
                }
                default -> {
                    out.println("unknown option " + args[i]);
                    return usage(out);
                }
            }
            i++;
        }
        if (org == null || roles == null) {
            return usage(out);
        }
        if (hours < 1 || hours > MAX_HOURS) {
            out.println("--hours must be 1 to " + MAX_HOURS + " (the services refuse longer-lived tokens)");
            return 2;
        }
        List<String> roleList =
                Arrays.stream(roles.split(",")).map(String::strip).toList();
        String subject = sub != null ? sub : org.toLowerCase() + "-local";
        out.println(LocalTokens.withDefaultSecret().mint(subject, org, roleList, Duration.ofHours(hours)));
        return 0;
    }

    private static int usage(PrintStream out) {
        out.println("usage: token --org ORG --roles ROLE[,ROLE] [--sub SUBJECT] [--hours 12]");
        out.println("roles: PROVIDER, UNIT, CREDIT_OFFICE, CONSUMER, OPERATOR");
        return 2;
    }
}
