package cn.jiyuan.integrity.support.testing;

import cn.jiyuan.integrity.support.security.JwtProperties;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Bearer tokens for tests, signed with the local default secret the services use in tests. */
public final class TestTokens {

    private static final LocalTokens TOKENS = new LocalTokens(JwtProperties.LOCAL_DEFAULT_SECRET);

    private TestTokens() {}

    public static String token(String org, String... roles) {
        return TOKENS.mint("test-" + org.toLowerCase(), org, List.of(roles), Duration.ofMinutes(30));
    }

    public static String expired(String org, String... roles) {
        return TOKENS.mint(
                "test-" + org.toLowerCase(), org, List.of(roles), Instant.now().minusSeconds(120));
    }

    public static String signedWith(String secret, String org, String... roles) {
        return new LocalTokens(secret).mint("test-" + org.toLowerCase(), org, List.of(roles), Duration.ofMinutes(30));
    }

    public static String withoutOrg(String... roles) {
        return TOKENS.mint("test-nobody", null, List.of(roles), Duration.ofMinutes(30));
    }
}
