package cn.jiyuan.integrity.support.testing;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What every service's integration test base shares: a producer of topic records for each test class, the waiting
 * rule (Awaitility, never a sleep) and an HTTP client for the service under test.
 */
public abstract class ServiceTestSupport {

    protected static Events events;

    @BeforeAll
    static void openProducer() {
        events = new Events();
    }

    @AfterAll
    static void closeProducer() {
        events.close();
    }

    public static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50));
    }

    /** A client for the service listening on {@code port} on this machine. */
    protected static WebTestClient httpClient(int port) {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
