package cn.jiyuan.integrity.console.signin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.console.ConsoleApplication;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Sign-in outside local mode: through an OpenID Connect provider (a small one in this test: discovery, authorize,
 * token, keys), then a page whose service call carries the access token the provider issued — and a provider whose
 * person lacks the organisation claim gets no session.
 */
@SpringBootTest(
        classes = ConsoleApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=console")
class ConsoleOidcTest {

    static final RSAKey KEY = key();
    static final HttpServer PROVIDER = provider();
    static final String ISSUER = "http://127.0.0.1:" + PROVIDER.getAddress().getPort();
    static final Map<String, String> NONCES = new ConcurrentHashMap<>();
    static final List<String> SERVICE_CALLS = new CopyOnWriteArrayList<>();
    static volatile String issuedAccessToken;
    static volatile Map<String, Object> personClaims =
            Map.of("org", "XYB", "roles", List.of("CREDIT_OFFICE"), "name", "王五");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void configuration(DynamicPropertyRegistry registry) {
        registry.add("integrity.console.local-mode", () -> "false");
        registry.add("integrity.console.query-url", () -> ISSUER); // the same little server answers as the service
        registry.add("spring.security.oauth2.client.provider.integrity.issuer-uri", () -> ISSUER);
        registry.add("spring.security.oauth2.client.registration.integrity.client-id", () -> "console");
        registry.add("spring.security.oauth2.client.registration.integrity.client-secret", () -> "console-secret");
        registry.add("spring.security.oauth2.client.registration.integrity.scope", () -> "openid");
    }

    @AfterAll
    static void stop() {
        PROVIDER.stop(0);
    }

    @Test
    void aPersonSignsInAtTheProviderAndThePagesCallTheServicesWithTheProvidersAccessToken() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> signIn = browser.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/signin"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signIn.body()).contains("/oauth2/authorization/integrity").doesNotContain("以信用办身份登录");

        HttpResponse<String> landed = browser.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/authorization/integrity"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // signed in, the credit office lands on its overview: the service calls it makes reach "the services" here
        assertThat(landed.uri().getPath()).isEqualTo("/office");

        HttpResponse<String> ranking = browser.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ranking"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ranking.statusCode()).isEqualTo(200);
        assertThat(ranking.body()).contains("王五 · 信用办", "克井镇人民政府");
        assertThat(SERVICE_CALLS).contains("GET /api/v1/rankings Bearer " + issuedAccessToken);
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    // — the provider —

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("test").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer provider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(
                    "/.well-known/openid-configuration",
                    x -> json(x, """
                    {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                     "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
                     "id_token_signing_alg_values_supported":["RS256"]}""".formatted(
                                    "http://127.0.0.1:" + server.getAddress().getPort())));
            server.createContext("/jwks", x -> json(x, new JWKSet(KEY.toPublicJWK()).toString()));
            server.createContext("/authorize", x -> {
                Map<String, String> q = query(x.getRequestURI().getRawQuery());
                String code = UUID.randomUUID().toString();
                NONCES.put(code, q.getOrDefault("nonce", ""));
                x.getResponseHeaders()
                        .add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + enc(q.get("state")));
                x.sendResponseHeaders(302, -1);
                x.close();
            });
            server.createContext("/token", x -> {
                Map<String, String> form = query(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                String nonce = NONCES.remove(form.get("code"));
                if (nonce == null) {
                    x.sendResponseHeaders(400, -1);
                    x.close();
                    return;
                }
                String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
                issuedAccessToken = sign(claims(issuer, "integrity-apis", null));
                String idToken = sign(claims(issuer, "console", nonce));
                json(x, """
                        {"access_token":"%s","token_type":"Bearer","expires_in":3600,"id_token":"%s","scope":"openid"}""".formatted(issuedAccessToken, idToken));
            });
            server.createContext("/api/v1/rankings", x -> {
                SERVICE_CALLS.add(x.getRequestMethod() + " /api/v1/rankings "
                        + x.getRequestHeaders().getFirst("Authorization"));
                json(x, """
                        {"asOf":"2026-11-27","units":[{"unitId":"KJZ","name":"克井镇人民政府","score":97.50,
                         "grade":"EXCELLENT","rank":1}]}""");
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(String issuer, String audience, String nonce) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("wangwu")
                .audience(audience)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        personClaims.forEach(b::claim);
        if (nonce != null && !nonce.isEmpty()) {
            b.claim("nonce", nonce);
        }
        return b.build();
    }

    private static String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test").build(), claims);
            jwt.sign(new RSASSASigner(KEY));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(HttpExchange x, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                q.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
