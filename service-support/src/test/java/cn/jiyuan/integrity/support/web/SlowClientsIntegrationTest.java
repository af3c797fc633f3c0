package cn.jiyuan.integrity.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.support.testing.TestTokens;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/**
 * Slow and silent clients lose their connection after the header deadline (review D5, probe D7: 100 slowloris
 * connections were all still open after 60 s, silent ones after 132 s) — and a long answer is not cut by it.
 */
class SlowClientsIntegrationTest {

    private static ConfigurableApplicationContext service;
    private static int port;

    @SpringBootConfiguration
    @EnableAutoConfiguration(excludeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
    @RestController
    static class Slow {
        @GetMapping(path = "/api/v1/ticks", produces = "text/event-stream")
        Flux<Long> ticks() {
            return Flux.interval(Duration.ofMillis(400)).take(12);
        }
    }

    /**
     * Long enough that a loaded machine reads a request's headers within it (with 1 s, on two busy cores, a request
     * written at once was cut before the server read it, 1 build in 2 on 2026-11-27), short enough for a quick test.
     */
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    /** How long after the deadline a connection may be seen closed. */
    private static final long CLOSED_WITHIN_MILLIS = DEADLINE.toMillis() + 3_000;

    @BeforeAll
    static void start() throws Exception {
        service = new SpringApplicationBuilder(Slow.class)
                .run(
                        "--server.port=0",
                        "--integrity.local-mode=true",
                        "--integrity.http.header-timeout=" + DEADLINE.toMillis() + "ms");
        port = ((WebServerApplicationContext) service).getWebServer().getPort();
        // one request answered before the tests, so none of them waits for the server's first-connection set-up
        HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    /**
     * Waits for the server to close the connection, sending one more byte of {@code trickle} whenever 300 ms pass
     * without an answer; the number of milliseconds until it closed, or -1 if it was still open after 12 s.
     */
    private static long untilClosed(Socket socket, byte[] trickle) throws Exception {
        long start = System.nanoTime();
        socket.setSoTimeout(300);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        int sent = 0;
        for (int i = 0; i < 40; i++) { // at most ~12 s
            try {
                if (in.read() == -1) {
                    return Duration.ofNanos(System.nanoTime() - start).toMillis();
                }
            } catch (SocketTimeoutException stillOpen) {
                if (trickle != null && sent < trickle.length) {
                    out.write(trickle[sent++]);
                    out.flush();
                }
            }
        }
        return -1;
    }

    @Test
    void aSilentConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertThat(untilClosed(socket, null)).isBetween(0L, CLOSED_WITHIN_MILLIS);
        }
    }

    @Test
    void headersTrickledOneByteAtATimeAreCutOff() throws Exception {
        byte[] request = ("GET /api/v1/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(100))
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertThat(untilClosed(socket, request)).isBetween(0L, CLOSED_WITHIN_MILLIS);
        }
    }

    @Test
    void aLongAnswerOutlivesTheDeadline_thenAnIdleKeptAliveConnectionIsClosed() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/v1/ticks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + TestTokens.token("XYB", "CREDIT_OFFICE") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            // 12 ticks over 4.8 s, more than twice the deadline; the chunked answer ends with an empty chunk.
            while (!answer.toString().endsWith("\r\n0\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the stream was cut after: %s", answer).isNotEqualTo(-1);
                answer.append((char) b);
            }
            assertThat(answer).startsWith("HTTP/1.1 200");
            assertThat(answer.toString().split("data:", -1)).hasSize(13);
            // The answer is complete; the connection now waits for a next request, which never comes.
            assertThat(untilClosed(socket, null)).isBetween(0L, CLOSED_WITHIN_MILLIS);
        }
    }
}
