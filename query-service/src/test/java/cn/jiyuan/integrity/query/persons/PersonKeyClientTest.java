package cn.jiyuan.integrity.query.persons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.support.refusals.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The key store's connections as the services' HTTP servers keep them: a kept-alive connection is closed by the
 * server when no request came within its header deadline (10 s by default), and a request the client sends on it at
 * that moment is cut without an answer. The end-to-end fuzz met exactly this on 2026-11-29 (a 503 "the key store does
 * not answer (WebClientRequestException)" for a read that should have had its names). Here a plain socket server plays
 * the key store and cuts such a request on purpose.
 */
class PersonKeyClientTest {

    private static final String SECRET = "a-test-secret-of-at-least-thirty-two-bytes";
    private static final byte[] KEY = new byte[] {1, 2, 3, 4};

    private KeyStoreServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRequestCutOnAKeptAliveConnectionIsAskedAgainOnAFreshOne() throws IOException {
        // the first connection answers one request, then closes on the next one as a server's deadline does
        server = new KeyStoreServer((connection, request) -> !(connection == 1 && request == 2));
        PersonKeyClient client = client(server.port());

        assertThat(client.keys(List.of("e-1")).block(Duration.ofSeconds(10))).containsKey("e-1");
        assertThat(client.keys(List.of("e-2")).block(Duration.ofSeconds(10))).containsKey("e-2");
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aKeyStoreThatNeverAnswersIs503WithRetryAfterNamingNothingInternal() throws IOException {
        server = new KeyStoreServer((connection, request) -> false);
        PersonKeyClient client = client(server.port());

        assertThatThrownBy(() -> client.keys(List.of("e-1")).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.kind()).isEqualTo(Refusal.Kind.UNAVAILABLE);
                    assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(refusal.detail())
                            .contains("key store")
                            .doesNotContainIgnoringCase("exception")
                            .doesNotContain("(");
                });
        assertThat(server.connections()).as("asked once more, then given up").isEqualTo(2);
    }

    private static PersonKeyClient client(int port) {
        return new PersonKeyClient(
                PersonsConfiguration.keyStoreClient(
                        "http://127.0.0.1:" + port, PersonsConfiguration.connector(Duration.ofSeconds(5))),
                ServiceToken.signed(SECRET, Clock.systemUTC()),
                Duration.ofSeconds(5),
                Duration.ofSeconds(7));
    }

    /** Whether request {@code request} (from 1) on connection {@code connection} (from 1) is answered or cut. */
    private interface Script {
        boolean answers(int connection, int request);
    }

    /** An HTTP/1.1 server on one socket that answers every asked event id with {@link #KEY}, or cuts as told. */
    private static final class KeyStoreServer implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        KeyStoreServer(Script script) throws IOException {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                for (int n = 1; n <= 20 && !socket.isClosed(); n++) {
                    try {
                        Socket connection = socket.accept();
                        int number = connections.incrementAndGet();
                        Thread worker = new Thread(() -> serve(connection, request -> script.answers(number, request)));
                        worker.setDaemon(true);
                        worker.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        private static void serve(Socket connection, IntPredicate answers) {
            try (connection) {
                connection.setSoTimeout(10_000);
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                for (int request = 1; request <= 20; request++) {
                    String body = readRequest(in);
                    if (body == null || !answers.test(request)) {
                        return; // closed without an answer
                    }
                    String id = body.replaceAll("(?s).*\\[\"([^\"]+)\"].*", "$1");
                    String json =
                            "{\"keys\":{\"" + id + "\":\"" + Base64.getEncoder().encodeToString(KEY) + "\"}}";
                    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException gone) {
                // the client went away
            }
        }

        /** The request's body, or null at the end of the stream. */
        private static String readRequest(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
            }
            int length = 0;
            for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(
                            line.substring("content-length:".length()).trim());
                }
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
