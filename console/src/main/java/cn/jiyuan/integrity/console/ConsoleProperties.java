package cn.jiyuan.integrity.console;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the services answer and how the console signs people in.
 *
 * @param ingestUrl the ingest service (facts, units)
 * @param objectionUrl the objection service (objections, corrections)
 * @param queryUrl the query service (scores, rankings, facts, catalog, audit)
 * @param localMode the launcher's local mode: the sign-in page offers the demo identities and signs their tokens
 *     with {@code localSecret}; refused with the built-in secret outside local mode
 * @param localSecret the services' local HS256 secret ({@code INTEGRITY_JWT_SECRET})
 * @param sessionIdle a session unused this long ends
 * @param secureCookie the session cookie only over TLS (set it when the console is served over https)
 * @param apiTimeout how long a page waits for a service
 * @param apiMaxIdle a kept-alive connection to a service unused this long is not used again (default 5 s: well inside
 *     the services' 10 s header deadline, after which they close it)
 * @param oidc how the organisation's OpenID Connect provider names a person's organisation, roles and name
 */
@ConfigurationProperties("integrity.console")
public record ConsoleProperties(
        URI ingestUrl,
        URI objectionUrl,
        URI queryUrl,
        boolean localMode,
        String localSecret,
        Duration sessionIdle,
        boolean secureCookie,
        Duration apiTimeout,
        Duration apiMaxIdle,
        Oidc oidc) {

    public ConsoleProperties {
        if (oidc == null) {
            oidc = new Oidc(null, null, null, null);
        }
        if (apiMaxIdle == null) {
            apiMaxIdle = Duration.ofSeconds(5);
        }
    }

    /**
     * Sign-in through the organisation's identity provider ({@code spring.security.oauth2.client.registration.<id>}
     * and {@code ….provider.<id>.issuer-uri}).
     *
     * @param registration the registration's id (default {@code integrity})
     * @param orgClaim the claim holding the organisation code (default {@code org}, as the services read it)
     * @param rolesClaim the claim holding the roles (default {@code roles})
     * @param nameClaim the claim holding the person's name for the header (default {@code name})
     */
    public record Oidc(String registration, String orgClaim, String rolesClaim, String nameClaim) {

        public Oidc {
            registration = registration == null || registration.isBlank() ? "integrity" : registration;
            orgClaim = orgClaim == null || orgClaim.isBlank() ? "org" : orgClaim;
            rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
            nameClaim = nameClaim == null || nameClaim.isBlank() ? "name" : nameClaim;
        }
    }
}
