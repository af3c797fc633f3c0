package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.MutableClock;
import cn.jiyuan.integrity.support.testing.ServiceTestSupport;
import cn.jiyuan.integrity.support.testing.TestTokens;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One query service for the integration test classes (Spring's context cache): the shared broker, a fresh schema, a
 * consumer group of its own, a clock the tests move. Records reach it as the other services write them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {QueryApplication.class, MutableClock.AsBean.class})
public abstract class QueryTestBase extends ServiceTestSupport {

    static final String GROUP = "query-it-" + UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IntegrationProperties.register(registry, "query");
        registry.add("query.group-id", () -> GROUP);
        registry.add("query.poll-timeout", () -> "100ms");
        registry.add("query.tail-interval", () -> "100ms");
        // a memory of a few facts: every test reads most units' facts back from PostgreSQL, as a province's instance
        // does (TwoInstancesIntegrationTest's second instance holds them all, and must answer the same)
        registry.add("query.cached-facts", () -> "5");
        registry.add("query.ranking-max-age", () -> "0s");
        // the tests' own instances evaluate month ends ahead where a test asks (EvaluatedDaysIntegrationTest)
        registry.add("query.month-ends-ahead", () -> "0");
        registry.add("query.next-day-ahead", () -> "0s"); // NextDayIntegrationTest's instances do
        registry.add("query.heartbeat", () -> "1s");
        registry.add("query.anonymous-audit-window", () -> "1s");
        // nothing listens there: a sealed name cannot be opened in these tests (the deploy module's do open them)
        registry.add("integrity.person-keys.url", () -> "http://127.0.0.1:9");
        // notices: checked often, and mailed to an SMTP server inside this JVM
        registry.add("integrity.notices.interval", () -> "200ms");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("integrity.notices.mail.from", () -> "notices@xyb.jiyuan.test");
        registry.add("integrity.notices.mail.recipients.SFJ[0]", () -> "sfj@jiyuan.test");
        registry.add("integrity.notices.mail.recipients.XYB[0]", () -> "xyb@jiyuan.test");
    }

    /** The SMTP server notices are mailed to, on 127.0.0.1 at a port of its choosing. */
    protected static final GreenMail MAIL = startMail();

    private static GreenMail startMail() {
        var mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        mail.start();
        return mail;
    }

    @Autowired
    protected DatabaseClient db;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected ReadModel model;

    @LocalServerPort
    int port;

    protected WebTestClient http;

    @BeforeEach
    void client() {
        http = httpClient(port);
    }

    protected LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }

    protected static Instant daysAgo(int days) {
        return Events.now().minus(Duration.ofDays(days));
    }

    /** Waits until the service's memory holds every record stored so far (after sending some). */
    protected void awaitApplied(String unitId, int records) {
        await().until(() -> {
            var h = model.unit(unitId);
            return h != null
                    && h.facts().size()
                                    + h.registrations().size()
                                    + h.objectionSteps().size()
                            >= records;
        });
    }

    protected static String creditOffice() {
        return TestTokens.token("XYB", "CREDIT_OFFICE");
    }

    protected static String consumer(String org) {
        return TestTokens.token(org, "CONSUMER");
    }

    protected WebTestClient.ResponseSpec get(String path, String token) {
        return get(path, token, null);
    }

    protected WebTestClient.ResponseSpec get(String path, String token, String purpose) {
        var spec = http.get().uri(path).header("Authorization", "Bearer " + token);
        if (purpose != null) {
            spec = spec.header("X-Query-Purpose", purpose);
        }
        return spec.exchange();
    }

    protected Map<?, ?> ok(String path, String token) {
        return get(path, token)
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    protected static void assertProblem(WebTestClient.ResponseSpec response, int status, String... fragments) {
        String body = response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(body).contains("\"status\":" + status);
        if (fragments.length > 0) {
            assertThat(body).contains(fragments);
        }
    }

    protected long count(String sql) {
        return db.sql(sql).map((row, meta) -> row.get(0, Long.class)).one().block();
    }
}
