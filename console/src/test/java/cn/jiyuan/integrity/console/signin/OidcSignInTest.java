package cn.jiyuan.integrity.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.console.ConsoleProperties;
import cn.jiyuan.integrity.console.api.ConsoleUser;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

class OidcSignInTest {

    private static DefaultOidcUser person(Map<String, Object> claims) {
        OidcIdToken token =
                new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(60), Map.of("sub", "wangwu"));
        OidcIdToken withClaims = OidcIdToken.withTokenValue("id-token")
                .issuedAt(token.getIssuedAt())
                .expiresAt(token.getExpiresAt())
                .claims(c -> c.putAll(claims))
                .subject("wangwu")
                .build();
        return new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), withClaims);
    }

    @Test
    void theOrganisationRolesAndNameComeFromTheConfiguredClaims() {
        OidcSignIn signIn =
                new OidcSignIn(null, null, new ConsoleProperties.Oidc(null, "department", "groups", "display_name"));
        Instant expires = Instant.parse("2026-11-27T18:00:00Z");
        ConsoleUser user = signIn.user(
                person(Map.of("department", "JGW", "groups", List.of("PROVIDER"), "display_name", "李四")),
                "access-token",
                expires);
        assertThat(user.org()).isEqualTo("JGW");
        assertThat(user.roles()).containsExactly("PROVIDER");
        assertThat(user.displayName()).isEqualTo("李四 · 报送部门");
        assertThat(user.token()).isEqualTo("access-token");
        assertThat(user.expiresAt()).isEqualTo(expires);
        assertThat(user.home()).isEqualTo("/provider/report");
    }

    @Test
    void rolesGivenAsOneStringAreSplitAndAPersonWithoutRolesHasNoPageOfTheirOwn() {
        OidcSignIn signIn = new OidcSignIn(null, null, new ConsoleProperties.Oidc(null, null, null, null));
        ConsoleUser two = signIn.user(person(Map.of("org", "XYB", "roles", "CREDIT_OFFICE OPERATOR")), "t", null);
        assertThat(two.roles()).containsExactly("CREDIT_OFFICE", "OPERATOR");
        assertThat(two.displayName()).isEqualTo("wangwu · 信用办");
        ConsoleUser none = signIn.user(person(Map.of("org", "XYB")), "t", null);
        assertThat(none.roles()).isEmpty();
        assertThat(none.home()).isEqualTo("/signin?norole");
    }
}
