package cn.jiyuan.integrity.support.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/** Mints HS256 tokens with the claims of API.md, for local runs, the token command and tests. Never for production. */
public final class LocalTokens {

    private final byte[] secret;

    public LocalTokens(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public static LocalTokens withDefaultSecret() {
        String env = System.getenv("INTEGRITY_JWT_SECRET");
        return new LocalTokens(env == null || env.isBlank() ? JwtProperties.LOCAL_DEFAULT_SECRET : env);
    }

    public String mint(String subject, String org, Collection<String> roles, Duration validFor) {
        return mint(subject, org, roles, Instant.now().plus(validFor));
    }

    public String mint(String subject, String org, Collection<String> roles, Instant expiresAt) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt))
                .claim(Callers.ROLES_CLAIM, List.copyOf(roles));
        if (org != null) {
            claims.claim(Callers.ORG_CLAIM, org);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with this secret (HS256 needs at least 32 bytes)", e);
        }
        return jwt.serialize();
    }
}
