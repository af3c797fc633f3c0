package cn.jiyuan.integrity.support.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where tokens come from. Locally: HS256 with {@code secret} (env {@code INTEGRITY_JWT_SECRET}, built-in default of
 * API.md). In production set {@code jwk-set-uri} or {@code issuer-uri}; the secret is then ignored. A verified token
 * is remembered for {@code cache-for} (0 turns it off), at most {@code cache-size} tokens; its claims (expiry) are
 * checked on every request.
 */
@ConfigurationProperties("integrity.security.jwt")
public record JwtProperties(String secret, String jwkSetUri, String issuerUri, Duration cacheFor, Integer cacheSize) {

    public static final String LOCAL_DEFAULT_SECRET = "local-dev-secret-0123456789abcdef0123456789";

    public JwtProperties {
        if (secret == null || secret.isBlank()) {
            secret = LOCAL_DEFAULT_SECRET;
        }
        if (cacheFor == null) {
            cacheFor = Duration.ofMinutes(5);
        }
        if (cacheSize == null) {
            cacheSize = 10_000;
        }
    }
}
