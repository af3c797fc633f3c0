package cn.jiyuan.integrity.console.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.csrf;
import static org.springframework.security.test.web.reactive.server.SecurityMockServerConfigurers.springSecurity;

import cn.jiyuan.integrity.console.ConsoleApplication;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * The console's own guards, with no service behind it (every call to a service fails to connect): sign-in needed,
 * CSRF on every form, the cookie and CSP headers, local sign-in only in local mode, and a service that does not answer
 * shown as such.
 */
class ConsoleSecurityTest {

    static final String NOWHERE = "http://127.0.0.1:9";

    @Nested
    @SpringBootTest(
            classes = ConsoleApplication.class,
            properties = {
                "spring.config.name=console",
                "integrity.console.local-mode=true",
                "integrity.console.ingest-url=" + NOWHERE,
                "integrity.console.objection-url=" + NOWHERE,
                "integrity.console.query-url=" + NOWHERE
            })
    class InLocalMode {

        @Autowired
        ApplicationContext context;

        WebTestClient http;

        @BeforeEach
        void client() {
            http = WebTestClient.bindToApplicationContext(context)
                    .apply(springSecurity())
                    .configureClient()
                    .build();
        }

        @Test
        void everyPageButSignInNeedsSomeoneSignedIn() {
            http.get()
                    .uri("/ranking")
                    .exchange()
                    .expectStatus()
                    .isFound()
                    .expectHeader()
                    .location("/signin");
            http.get().uri("/units/KJZ/history.json").exchange().expectStatus().isFound();
        }

        @Test
        void theSignInPageRunsNoInlineScriptAndItsCookieIsOutOfScriptsReach() {
            var page = http.get().uri("/signin").exchange().expectStatus().isOk();
            page.expectHeader().valueEquals("Content-Security-Policy", ConsoleSecurity.CONTENT_SECURITY_POLICY);
            page.expectHeader().valueEquals("X-Frame-Options", "DENY");
            page.expectCookie().httpOnly(ConsoleSecurity.SESSION_COOKIE, true);
            page.expectCookie().sameSite(ConsoleSecurity.SESSION_COOKIE, "Lax");
            page.expectCookie().secure(ConsoleSecurity.SESSION_COOKIE, false);
            String body = page.expectBody(String.class).returnResult().getResponseBody();
            assertThat(body).contains("暂时无法读取单位名录").doesNotContain("<script>");
        }

        @Test
        void aFormWithoutTheSessionsCsrfTokenIsRefused() {
            http.post()
                    .uri("/signin")
                    .body(BodyInserters.fromFormData("role", "CREDIT_OFFICE").with("org", "XYB"))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }

        @Test
        void aSignedInPersonWhoseServiceDoesNotAnswerIsToldSo() {
            var signedIn = http.mutateWith(csrf())
                    .post()
                    .uri("/signin")
                    .body(BodyInserters.fromFormData("role", "CREDIT_OFFICE")
                            .with("org", "XYB")
                            .with("name", "市信用办"))
                    .exchange()
                    .expectStatus()
                    .is3xxRedirection()
                    .expectHeader()
                    .location("/office")
                    .returnResult(Void.class);
            ResponseCookie session = signedIn.getResponseCookies().getFirst(ConsoleSecurity.SESSION_COOKIE);
            assertThat(session).isNotNull();

            byte[] page = http.get()
                    .uri("/ranking")
                    .cookie(session.getName(), session.getValue())
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            assertThat(new String(page, StandardCharsets.UTF_8))
                    .contains("服务暂时不可用", "市信用办 · 信用办", "action=\"/signout\"");
        }

        @Test
        void signingOutEndsTheSessionSoTheNextPersonDoesNotReadWithTheLastOnesPurpose() {
            ResponseCookie session = signIn(null, "CONSUMER", "ZZB");
            session = latest(
                    session,
                    http.mutateWith(csrf())
                            .post()
                            .uri("/consumer/purpose")
                            .cookie(session.getName(), session.getValue())
                            .body(BodyInserters.fromFormData("purpose", "CADRE_SELECTION"))
                            .exchange()
                            .expectStatus()
                            .is3xxRedirection()
                            .returnResult(Void.class));
            assertThat(page(session)).contains("查询用途");
            session = latest(
                    session,
                    http.mutateWith(csrf())
                            .post()
                            .uri("/signout")
                            .cookie(session.getName(), session.getValue())
                            .exchange()
                            .expectStatus()
                            .is3xxRedirection()
                            .returnResult(Void.class));
            // the same browser, the next person
            ResponseCookie next = signIn(session, "CREDIT_OFFICE", "XYB");
            assertThat(page(next)).contains("市信用办").doesNotContain("查询用途");
        }

        private ResponseCookie signIn(ResponseCookie session, String role, String org) {
            var request = http.mutateWith(csrf()).post().uri("/signin");
            if (session != null) {
                request = request.cookie(session.getName(), session.getValue());
            }
            var result = request.body(BodyInserters.fromFormData("role", role)
                            .with("org", org)
                            .with("name", "市信用办"))
                    .exchange()
                    .expectStatus()
                    .is3xxRedirection()
                    .returnResult(Void.class);
            return latest(session, result);
        }

        private static ResponseCookie latest(ResponseCookie session, FluxExchangeResult<Void> result) {
            ResponseCookie set = result.getResponseCookies().getFirst(ConsoleSecurity.SESSION_COOKIE);
            return set != null ? set : session;
        }

        private String page(ResponseCookie session) {
            byte[] body = http.get()
                    .uri("/ranking")
                    .cookie(session.getName(), session.getValue())
                    .exchange()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            return new String(body, StandardCharsets.UTF_8);
        }

        @Test
        void onlyTheFourLocalRolesCanBeChosen() {
            http.mutateWith(csrf())
                    .post()
                    .uri("/signin")
                    .body(BodyInserters.fromFormData("role", "OPERATOR").with("org", "XYB"))
                    .exchange()
                    .expectStatus()
                    .is3xxRedirection()
                    .expectHeader()
                    .location("/signin?invalid");
        }
    }

    @Test
    void outsideLocalModeWithoutAnIdentityProviderTheConsoleRefusesToStart() {
        Assertions.assertThatThrownBy(() -> ConsoleApplication.application()
                        .run(
                                "--server.port=0",
                                "--integrity.console.local-mode=false",
                                "--integrity.console.query-url=" + NOWHERE))
                .rootCause()
                .hasMessageContaining("no way to sign anyone in")
                .hasMessageContaining("issuer-uri");
    }
}
