package cn.jiyuan.integrity.console.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * The person signed in to the console, as the services will see them: their token's claims and the token itself,
 * which stays on the server (in the session) and goes with every call to a service.
 *
 * @param subject the token's {@code sub}
 * @param displayName how the header names them
 * @param org their organisation's code ({@code org})
 * @param roles their roles, as the token carries them
 * @param token the bearer token for the services
 * @param expiresAt when the token, and so the sign-in, ends
 */
public record ConsoleUser(
        String subject, String displayName, String org, List<String> roles, String token, Instant expiresAt)
        implements Serializable {

    public static final String CREDIT_OFFICE = "CREDIT_OFFICE";
    public static final String PROVIDER = "PROVIDER";
    public static final String UNIT = "UNIT";
    public static final String CONSUMER = "CONSUMER";
    public static final String OPERATOR = "OPERATOR";

    public ConsoleUser {
        roles = List.copyOf(roles);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** The page a person lands on: the work of their first role. */
    public String home() {
        if (has(CREDIT_OFFICE)) {
            return "/office";
        }
        if (has(PROVIDER)) {
            return "/provider/report";
        }
        if (has(UNIT)) {
            return "/unit";
        }
        if (has(CONSUMER)) {
            return "/consumer";
        }
        return "/signin?norole";
    }
}
