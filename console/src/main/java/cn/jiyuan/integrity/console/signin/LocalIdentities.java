package cn.jiyuan.integrity.console.signin;

import cn.jiyuan.integrity.console.api.ConsoleUser;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * The demo identities of a local run: whoever signs in as an organisation and role gets a token for it, signed with
 * the services' local secret. Exists only in local mode (see {@code ConsoleSecurity}); production signs in through
 * the organisation's identity provider.
 */
public final class LocalIdentities {

    /** A local sign-in lasts a working day. */
    static final Duration VALID_FOR = Duration.ofHours(10);

    private final byte[] secret;
    private final Clock clock;

    public LocalIdentities(String secret, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** A signed-in person of {@code org} with {@code role}, named {@code displayName} in the header. */
    public ConsoleUser signIn(String org, String role, String displayName) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(VALID_FOR);
        String subject = org.toLowerCase() + "-console";
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .claim("org", org)
                .claim("roles", List.of(role))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("the local secret cannot sign HS256 (it needs 32 bytes or more)", e);
        }
        return new ConsoleUser(subject, displayName, org, List.of(role), jwt.serialize(), expiresAt);
    }
}
