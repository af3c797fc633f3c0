package cn.jiyuan.integrity.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The token rules of API.md against a running web application: an external issuer serving a real JWK set (RSA keys
 * made here), the local secret refused outside local mode, and the claims every token must carry (review A1–A3, A7).
 */
class TokenSecurityIntegrationTest {

    private static final String ISSUER = "https://idp.example.gov.cn/realms/jiyuan";
    private static final String AUDIENCE = "integrity-platform";

    private static RSAKey signingKey;
    private static HttpServer jwks;
    private static ConfigurableApplicationContext external;
    private static URI externalUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
    @RestController
    static class Whoami {
        @GetMapping("/api/v1/whoami")
        String whoami(@AuthenticationPrincipal Jwt jwt) {
            return jwt.getClaimAsString(Callers.ORG_CLAIM);
        }
    }

    @BeforeAll
    static void startIssuerAndService() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] keys = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks.createContext("/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        external = start(
                "--integrity.security.jwt.jwk-set-uri=http://127.0.0.1:"
                        + jwks.getAddress().getPort() + "/jwks",
                "--integrity.security.jwt.issuer=" + ISSUER,
                "--integrity.security.jwt.audience=" + AUDIENCE);
        externalUrl = url(external);
    }

    @AfterAll
    static void stop() {
        external.close();
        jwks.stop(0);
    }

    private static ConfigurableApplicationContext start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(Whoami.class).run(all);
    }

    private static URI url(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private HttpResponse<String> whoami(URI service, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(service.resolve("/api/v1/whoami"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** An access token as the issuer would mint it; {@code change} alters the claims for one case. */
    private static String accessToken(JOSEObjectType type, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("zhang.san")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("org", "XYB")
                .claim("roles", List.of("CREDIT_OFFICE"));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(signingKey.getKeyID())
                        .type(type)
                        .build(),
                claims.build());
        jwt.sign(new RSASSASigner(signingKey));
        return jwt.serialize();
    }

    private static String accessToken(Consumer<JWTClaimsSet.Builder> change) throws Exception {
        return accessToken(new JOSEObjectType("at+jwt"), change);
    }

    @Test
    void theIssuersAccessTokenForThisAudienceIsAccepted() throws Exception {
        HttpResponse<String> answer = whoami(externalUrl, accessToken(c -> {}));
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("XYB");
    }

    @Test
    void anotherAudienceIsRefused() throws Exception {
        assertRefused(accessToken(c -> c.audience("oa-system")));
    }

    @Test
    void anotherIssuerIsRefused() throws Exception {
        assertRefused(accessToken(c -> c.issuer("https://other-idp.example.com")));
    }

    @Test
    void anIdTokenIsRefused() throws Exception {
        assertRefused(accessToken(JOSEObjectType.JWT, c -> c.claim("nonce", "n-0S6_WzA2Mj")));
        // Even under an access token's header: an ID token's own claims give it away.
        assertRefused(accessToken(c -> c.claim("nonce", "n-0S6_WzA2Mj")));
    }

    @Test
    void anUnsignedTokenIsRefused() throws Exception {
        String token = accessToken(c -> {});
        JWTClaimsSet claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertRefused(new PlainJWT(claims).serialize());
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyIsRefused() throws Exception {
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .type(new JOSEObjectType("at+jwt"))
                        .build(),
                SignedJWT.parse(accessToken(c -> {})).getJWTClaimsSet());
        forged.sign(new MACSigner(signingKey.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertRefused(forged.serialize());
    }

    @Test
    void aTokenThatLivesTooLongOrHasNoIssueTimeIsRefused() throws Exception {
        assertRefused(accessToken(c -> c.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(13))))));
        assertRefused(accessToken(c -> c.issueTime(null)));
        assertRefused(accessToken(c -> c.issueTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))));
    }

    @Test
    void anExpiredTokenIsRefusedAtOnce() throws Exception {
        assertRefused(accessToken(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(2)))));
    }

    @Test
    void claimsOfTheWrongShapeAreRefused() throws Exception {
        assertRefused(accessToken(c -> c.claim("roles", List.of(List.of("CREDIT_OFFICE")))));
        assertRefused(accessToken(c -> c.claim("roles", "CREDIT_OFFICE")));
        assertRefused(accessToken(c -> c.claim("org", "XYB\u0000")));
        assertRefused(accessToken(c -> c.claim("org", List.of("XYB"))));
        assertRefused(accessToken(c -> c.subject("zhang\u0000san")));
    }

    /**
     * The firewall with quick header checks still refuses a control character in a header it reads: 400 problem+json
     * from the firewall, where the token alone would be 401. (Netty itself refuses the ASCII ones, with an empty 400:
     * these are C1 controls, which it lets through.)
     */
    @Test
    void aControlCharacterInTheTokenIsRefusedByTheFirewall() throws Exception {
        assertThat(external.getBean(ServerWebExchangeFirewall.class))
                .isInstanceOf(StrictServerWebExchangeFirewall.class);
        String token = accessToken(c -> {});
        for (char control : new char[] {'\u0085', '\u009f'}) {
            try (Socket socket = new Socket(externalUrl.getHost(), externalUrl.getPort())) {
                String request = "GET /api/v1/whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                        + token.substring(0, 20) + control + token.substring(20)
                        + "\r\nConnection: close\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

                assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
            }
        }
    }

    private void assertRefused(String token) throws Exception {
        HttpResponse<String> answer = whoami(externalUrl, token);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        // One answer for every refusal: the reason would tell a forger which guess was right.
        assertThat(answer.body()).contains(IntegritySecurityConfiguration.TOKEN_REFUSED);
    }

    /**
     * Startup with a secret that is only safe locally. Without a web server: closing a failed context shuts Reactor
     * Netty's shared event loops, which the issuer test's running server uses.
     */
    private static ConfigurableApplicationContext startWithoutServer(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--spring.main.web-application-type=none";
        System.arraycopy(args, 0, all, 1, args.length);
        return new SpringApplicationBuilder(Whoami.class).run(all);
    }

    @Test
    void withoutLocalModeTheBuiltInOrAMissingOrAShortSecretIsRefusedAtStart() {
        for (String secret :
                new String[] {"", "   ", JwtProperties.LOCAL_DEFAULT_SECRET, "short-secret-of-31-bytes-123456"}) {
            assertThatThrownBy(() -> startWithoutServer("--integrity.security.jwt.secret=" + secret))
                    .as("secret '%s'", secret)
                    .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                            .isInstanceOf(UnsafeConfigurationException.class)
                            .hasMessageStartingWith("refusing to start: "));
        }
    }

    @Test
    void theRefusalIsOneLineThatSaysWhatToDo() {
        Throwable refused = NestedExceptionUtils.getMostSpecificCause(
                Assertions.assertThrows(Exception.class, () -> startWithoutServer()));
        var analysis = new UnsafeConfigurationFailureAnalyzer().analyze(refused);
        assertThat(analysis.getDescription())
                .isEqualTo("refusing to start: no JWT secret is set and local mode is off")
                .doesNotContain("\n");
        assertThat(analysis.getAction()).contains("INTEGRITY_JWT_SECRET");
    }

    @Test
    void aShortSecretIsRefusedEvenInLocalMode() {
        assertThatThrownBy(() ->
                        startWithoutServer("--integrity.local-mode=true", "--integrity.security.jwt.secret=too-short"))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .hasMessageContaining("shorter than 32 bytes"));
    }

    @Test
    void anExternalIssuerWithoutAudienceIsRefusedAtStart() {
        assertThatThrownBy(() -> startWithoutServer(
                        "--integrity.security.jwt.jwk-set-uri=http://127.0.0.1:1/jwks",
                        "--integrity.security.jwt.issuer=" + ISSUER))
                .satisfies(e ->
                        assertThat(NestedExceptionUtils.getMostSpecificCause(e)).hasMessageContaining("audience"));
    }

    @Test
    void inLocalModeTheBuiltInSecretWorks_andARealSecretRefusesItsTokens() {
        String localToken = new LocalTokens(JwtProperties.LOCAL_DEFAULT_SECRET)
                .mint("test-xyb", "XYB", List.of("CREDIT_OFFICE"), Duration.ofMinutes(5));
        try (ConfigurableApplicationContext local = startWithoutServer("--integrity.local-mode=true")) {
            ReactiveJwtDecoder decoder = local.getBean(ReactiveJwtDecoder.class);
            assertThat(decoder.decode(localToken).block().getClaimAsString("org"))
                    .isEqualTo("XYB");
        }
        String secret = "a-real-secret-of-forty-random-bytes-0f3a9c";
        try (ConfigurableApplicationContext production =
                startWithoutServer("--integrity.security.jwt.secret=" + secret)) {
            ReactiveJwtDecoder decoder = production.getBean(ReactiveJwtDecoder.class);
            assertThatThrownBy(() -> decoder.decode(localToken).block()).isInstanceOf(JwtException.class);
            String own = new LocalTokens(secret).mint("test-xyb", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
            assertThat(decoder.decode(own).block().getSubject()).isEqualTo("test-xyb");
            String tooLong =
                    new LocalTokens(secret).mint("test-xyb", "XYB", List.of("CREDIT_OFFICE"), Duration.ofDays(365));
            assertThatThrownBy(() -> decoder.decode(tooLong).block()).isInstanceOf(JwtException.class);
        }
    }
}
