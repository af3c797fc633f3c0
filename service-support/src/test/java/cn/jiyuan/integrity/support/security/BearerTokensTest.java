package cn.jiyuan.integrity.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;

/** The quick bearer-token reading answers as Spring Security's own converter, for tokens and for malformed headers. */
class BearerTokensTest {

    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZnktbG9jYWwiLCJyb2xlcyI6WyJQUk9WSURFUiJdfQ"
            + ".9U-_mwMhGZBTddUCAOHN96NqoAEETFfBEVLIoSGA25o";

    private final ServerAuthenticationConverter spring = new ServerBearerTokenAuthenticationConverter();
    private final ServerAuthenticationConverter quick = new BearerTokens();

    @Test
    void aWellFormedTokenInAnyCaseOfTheSchemeIsReadAsSpringReadsIt() {
        for (String header : new String[] {
            "Bearer " + JWT, "bearer " + JWT, "BEARER " + JWT, "Bearer a", "Bearer abc==", "Bearer -._~+/", "Bearer a="
        }) {
            assertSame(header);
            assertThat(answer(quick, header)).startsWith("token:");
        }
    }

    @Test
    void malformedHeadersAndOtherSchemesGetSpringsAnswer() {
        for (String header : new String[] {
            "Bearer",
            "Bearer ",
            "Bearer  " + JWT,
            "Bearer =",
            "Bearer a=b",
            "Bearer a b",
            "Bearer " + JWT + "\n",
            "Bearer\t" + JWT,
            "Basic dXNlcjpwYXNz",
            "Token " + JWT,
            "",
            "Bearer é",
            "Bearer 信",
            "Bearer a\u212a",
            "Bearerx " + JWT,
            " Bearer " + JWT
        }) {
            assertSame(header);
        }
        assertSame(null); // no Authorization header
    }

    @Test
    void randomHeadersGetSpringsAnswer() {
        Random random = new Random(29);
        String alphabet = "aZ09-._~+/= \t=é信\u212a";
        String[] prefixes = {"Bearer ", "bearer ", "BEARER ", "Bearer", "Bear ", ""};
        for (int n = 0; n < 20_000; n++) {
            StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(10);
            for (int i = 0; i < length; i++) {
                header.append(
                        random.nextInt(4) == 0
                                ? alphabet.charAt(random.nextInt(alphabet.length()))
                                : (char) ('a' + random.nextInt(26)));
            }
            assertSame(header.toString());
        }
    }

    private void assertSame(String header) {
        assertThat(answer(quick, header)).as("header [%s]", header).isEqualTo(answer(spring, header));
    }

    /** "none", "token:<token>" or "error:<code>:<description>". */
    private static String answer(ServerAuthenticationConverter converter, String header) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/v1/units/U1/score");
        if (header != null) {
            request.header(HttpHeaders.AUTHORIZATION, header);
        }
        try {
            Authentication read =
                    converter.convert(MockServerWebExchange.from(request)).block(Duration.ofSeconds(5));
            return read == null ? "none" : "token:" + ((BearerTokenAuthenticationToken) read).getToken();
        } catch (OAuth2AuthenticationException e) {
            return "error:" + e.getError().getErrorCode() + ":" + e.getError().getDescription();
        }
    }
}
