package cn.jiyuan.integrity.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.console.ConsoleProperties;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The console's calls when a service cuts a request without answering — as the services' servers do to a kept-alive
 * connection that brought no request within their header deadline (10 s), if the console sends one at that moment: a
 * person who read a page for a while and clicks on. A read is asked once more; a write is not (the service may have
 * done it); and what the person sees names no class of ours.
 */
class ServiceApisTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aReadCutWithoutAnAnswerIsAskedOnceMore() throws IOException {
        ServiceApis apis = serving(request -> request != 2);

        assertThat(apis.get(ServiceApis.Service.QUERY, ServiceApis.path("/api/v1/units"), caller(), Map.class)
                        .block(Duration.ofSeconds(10)))
                .containsEntry("n", 1);
        assertThat(apis.get(ServiceApis.Service.QUERY, ServiceApis.path("/api/v1/units"), caller(), Map.class)
                        .block(Duration.ofSeconds(10)))
                .containsEntry("n", 3);
    }

    @Test
    void aWriteCutWithoutAnAnswerIsNotSentAgainAndSaysSoInPlainWords() throws IOException {
        ServiceApis apis = serving(request -> false);

        assertThatThrownBy(() -> apis.post(ServiceApis.Service.INGEST, "/api/v1/events", caller(), Map.of(), Map.class)
                        .block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ApiRefusal.Refused.class, refused -> {
                    assertThat(refused.refusal().status()).isEqualTo(503);
                    assertThat(refused.refusal().detail()).doesNotContainIgnoringCase("exception");
                });
        assertThat(requests).hasValue(1);
    }

    /** A service whose request number {@code n} (from 1) is answered {@code {"n": n}}, or cut without an answer. */
    private ServiceApis serving(IntPredicate answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, requests.incrementAndGet(), answers));
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new ServiceApis(
                WebClient.builder(),
                new ConsoleProperties(
                        url, url, url, false, null, null, false, Duration.ofSeconds(5), Duration.ofSeconds(5), null));
    }

    private static void answer(HttpExchange exchange, int n, IntPredicate answers) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (!answers.test(n)) {
                return; // no status line: the server closes the connection
            }
            byte[] body = ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static Caller caller() {
        return new Caller(
                new ConsoleUser("office-1", "测试", "XYB", List.of(ConsoleUser.CREDIT_OFFICE), "token", Instant.MAX),
                null);
    }
}
