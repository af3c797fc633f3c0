package cn.jiyuan.integrity.support.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where tokens come from and what a token must be (API.md §Tokens).
 *
 * <p>Locally: HS256 with {@code secret} (env {@code INTEGRITY_JWT_SECRET}); the built-in default secret of API.md is
 * used only in local mode ({@code integrity.local-mode=true}), and a secret shorter than 32 bytes never. In production
 * set {@code jwk-set-uri} or {@code issuer-uri} (an external issuer): then {@code issuer} (default: the issuer URI) and
 * {@code audience} are required and checked, signatures must use one of {@code algorithms}, and the JOSE {@code typ}
 * header must be one of {@code token-types} (RFC 9068 access tokens: {@code at+jwt}) — an ID token is refused.
 *
 * <p>In both modes a token must carry {@code iat} and {@code exp}, and may not live longer than {@code max-lifetime}
 * ({@code exp − iat}); {@code clock-skew} is how far past {@code exp} it is still accepted. A verified token is
 * remembered for {@code cache-for} (0 turns it off), at most {@code cache-size} tokens; its claims are checked on every
 * request.
 */
@ConfigurationProperties("integrity.security.jwt")
public record JwtProperties(
        String secret,
        String jwkSetUri,
        String issuerUri,
        String issuer,
        String audience,
        List<String> algorithms,
        List<String> tokenTypes,
        Duration maxLifetime,
        Duration clockSkew,
        Duration cacheFor,
        Integer cacheSize) {

    /** Published in API.md: never a secret outside local mode. */
    public static final String LOCAL_DEFAULT_SECRET = "local-dev-secret-0123456789abcdef0123456789";

    /** HS256 keys shorter than the hash are weak (RFC 7518 §3.2); Nimbus refuses them too. */
    public static final int MIN_SECRET_BYTES = 32;

    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(12);

    public JwtProperties {
        secret = secret == null ? "" : secret;
        if (algorithms == null || algorithms.isEmpty()) {
            algorithms = List.of("RS256");
        }
        if (tokenTypes == null || tokenTypes.isEmpty()) {
            tokenTypes = List.of("at+jwt", "application/at+jwt");
        }
        if (maxLifetime == null) {
            maxLifetime = DEFAULT_MAX_LIFETIME;
        }
        if (clockSkew == null) {
            clockSkew = Duration.ZERO;
        }
        if (cacheFor == null) {
            cacheFor = Duration.ofMinutes(5);
        }
        if (cacheSize == null) {
            cacheSize = 10_000;
        }
    }

    /** Tokens come from an external issuer (JWK set or issuer discovery), not from the shared secret. */
    public boolean external() {
        return hasText(jwkSetUri) || hasText(issuerUri);
    }

    /** The {@code iss} a token must name in external mode. */
    public String expectedIssuer() {
        return hasText(issuer) ? issuer : issuerUri;
    }

    /**
     * The HS256 secret to verify with, after refusing an unsafe one: the built-in default (or none at all) only in
     * local mode, and never fewer than {@link #MIN_SECRET_BYTES} bytes.
     */
    public String verifiedSecret(boolean localMode) {
        if (secret.isBlank() || secret.equals(LOCAL_DEFAULT_SECRET)) {
            if (!localMode) {
                throw new UnsafeConfigurationException(
                        (secret.isBlank() ? "no JWT secret is set" : "the JWT secret is the built-in local default")
                                + " and local mode is off",
                        "set INTEGRITY_JWT_SECRET to at least " + MIN_SECRET_BYTES
                                + " random bytes, or configure an external issuer (INTEGRITY_JWT_JWK_SET_URI or"
                                + " INTEGRITY_JWT_ISSUER_URI); only a local run may set INTEGRITY_LOCAL_MODE=true");
            }
            return LOCAL_DEFAULT_SECRET;
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new UnsafeConfigurationException(
                    "the JWT secret is shorter than " + MIN_SECRET_BYTES + " bytes",
                    "set INTEGRITY_JWT_SECRET to at least " + MIN_SECRET_BYTES + " random bytes");
        }
        return secret;
    }

    /** External mode checks issuer and audience: both must be configured. */
    void requireIssuerAndAudience() {
        if (!hasText(expectedIssuer())) {
            throw new UnsafeConfigurationException(
                    "an external token issuer is configured without the issuer its tokens must name",
                    "set integrity.security.jwt.issuer (INTEGRITY_JWT_ISSUER)");
        }
        if (!hasText(audience)) {
            throw new UnsafeConfigurationException(
                    "an external token issuer is configured without the audience its tokens must be for",
                    "set integrity.security.jwt.audience (INTEGRITY_JWT_AUDIENCE)");
        }
    }

    static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
