package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable means durable (issue 13; reliability probe test 5): the launcher runs as its own process, as
 * {@code run.sh} starts it; under a load of single and batched facts it is killed with {@code kill -9} together with
 * its PostgreSQL, then started again on the same data directory. Every fact the crashed stack acknowledged is then in
 * every projection (scoring, query, objection) exactly once, its eventId refuses other content with 409, the facts
 * whose answer was lost in the crash are accepted when sent again, and the live scores equal a replay of the topics.
 */
class LocalStackCrashTest {

    private static final int UNITS = 12;
    private static final int BATCH = 20;
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path data;

    private final List<Process> launchers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final LocalTokens tokens = LocalTokens.withDefaultSecret();
    private final String provider = tokens.mint("crash-jgw", "JGW", List.of("PROVIDER"), Duration.ofHours(1));
    private final String creditOffice = tokens.mint("crash-xyb", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
    private final String occurredOn = LocalDate.now(ChinaTime.ZONE).minusDays(1).toString();

    private int kafkaPort;
    private int postgresPort;
    private List<String> ports;

    @AfterEach
    void stopLaunchers() {
        for (Process p : launchers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void aCrashUnderLoadLosesNoAcknowledgedFactAndCountsNoneTwice() throws Exception {
        kafkaPort = freePort();
        postgresPort = freePort();
        ports = List.of(
                "--kafka-port=" + kafkaPort,
                "--kafka-controller-port=" + freePort(),
                "--postgres-port=" + postgresPort,
                "--ingest-port=" + freePort(),
                "--scoring-port=" + freePort(),
                "--objection-port=" + freePort(),
                "--query-port=" + freePort());
        Instant started = Instant.now();
        Process first = launch("first");
        System.out.printf("started in %s%n", since(started));
        URI ingest = URI.create("http://127.0.0.1:" + port("--ingest-port"));
        URI query = URI.create("http://127.0.0.1:" + port("--query-port"));
        for (int u = 0; u < UNITS; u++) {
            HttpResponse<String> registered = send(
                    "PUT",
                    ingest.resolve("/api/v1/units/CRASH" + u),
                    creditOffice,
                    "{\"name\":\"压测单位" + u + "\",\"active\":true}");
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
        }

        // Load until the stack has acknowledged a few hundred facts, then kill the launcher and its database at once.
        Map<String, String> sent = new ConcurrentHashMap<>(); // eventId → content, acknowledged or not
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        CountDownLatch crashed = new CountDownLatch(1);
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        Instant loadDeadline = Instant.now().plus(LOAD_LIMIT);
        for (int s = 0; s < 4; s++) {
            senders.submit(() -> {
                while (crashed.getCount() > 0 && Instant.now().isBefore(loadDeadline)) {
                    int n = next.getAndIncrement();
                    try {
                        if (n % 5 == 0) {
                            postBatch(ingest, n, sent, acknowledged);
                        } else {
                            postSingle(ingest, n, sent, acknowledged);
                        }
                    } catch (IOException e) {
                        // the crash: this request's answer is lost
                    }
                }
                return null;
            });
        }
        await().atMost(LOAD_LIMIT).until(() -> acknowledged.size() >= 400);
        // pg_ctl detaches the server from the launcher: it is found, as the launcher finds an orphan, by its pid file.
        ProcessHandle postmaster =
                LocalPostgres.orphan(data.resolve("postgres")).orElseThrow();
        List<ProcessHandle> stack = new ArrayList<>(postmaster.descendants().toList());
        stack.add(postmaster);
        stack.addAll(first.descendants().toList());
        stack.add(first.toHandle());
        stack.forEach(ProcessHandle::destroyForcibly); // SIGKILL, each at once
        crashed.countDown();
        for (ProcessHandle h : stack) {
            h.onExit().get(30, TimeUnit.SECONDS);
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        System.out.printf(
                "crash under load: %d facts acknowledged, %d sent without an answer, killed %d processes after %s%n",
                acknowledged.size(), sent.size() - acknowledged.size(), stack.size(), since(started));

        launch("second");
        System.out.printf("restarted after %s%n", since(started));
        // An acknowledged eventId keeps its content: other content is refused, the same content is answered again.
        Map<String, String> altered = new HashMap<>();
        acknowledged.forEach(eventId -> altered.put(eventId, sent.get(eventId).replace("压测", "改过的内容")));
        postEach(ingest, altered)
                .forEach((eventId, other) -> assertThat(other.statusCode())
                        .as(eventId + ": " + other.body())
                        .isEqualTo(409));
        // Every fact is sent again as a client would after losing its connection; each is accepted now.
        postEach(ingest, sent)
                .forEach((eventId, again) -> assertThat(again.statusCode())
                        .as(eventId + (acknowledged.contains(eventId) ? " (acknowledged before the crash)" : ""))
                        .isIn(acknowledged.contains(eventId) ? Set.of(200) : Set.of(200, 202)));

        System.out.printf("sent again after %s%n", since(started));
        String jdbc = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
            await().atMost(Duration.ofMinutes(2))
                    .untilAsserted(() -> assertThat(eventIds(db, "scoring.unit_facts", "fact_id", "kind = 'C'"))
                            .as("facts in the scoring projection")
                            .containsExactlyInAnyOrderElementsOf(sent.keySet()));
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(eventIds(db, "query.unit_records", "record_id", "kind = 'C'"))
                            .as("facts in the query service's records")
                            .containsExactlyInAnyOrderElementsOf(sent.keySet()));
            await().atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThat(eventIds(db, "objection.facts", "event_id", "true"))
                            .as("facts in the objection service's directory")
                            .containsExactlyInAnyOrderElementsOf(sent.keySet()));

            // Each fact counted once: the query service's score of every unit is the scoring service's, and the
            // scoring service's projection is what a replay of the topics builds.
            for (int u = 0; u < UNITS; u++) {
                String unit = "CRASH" + u;
                String scored = one(db, "SELECT score::text FROM scoring.unit_scores WHERE unit_id = '" + unit + "'");
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(send(
                                                "GET",
                                                query.resolve("/api/v1/units/" + unit + "/score"),
                                                creditOffice,
                                                null)
                                        .body())
                                .contains("\"score\":" + scored));
            }
        }
        System.out.printf("projections checked after %s%n", since(started));
        assertThat(checksum("replay", "--no-switch"))
                .as("the replayed projection's checksum")
                .isEqualTo(checksum("checksum"));
        System.out.printf("replay checked after %s%n", since(started));
    }

    private static Duration since(Instant start) {
        return Duration.between(start, Instant.now()).truncatedTo(ChronoUnit.SECONDS);
    }

    private Process launch(String name) throws IOException {
        List<String> command = new ArrayList<>(javaCommand());
        command.add("--data-dir=" + data);
        command.addAll(ports);
        Path log = data.resolveSibling(data.getFileName() + "-" + name + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        launchers.add(p);
        await().atMost(Duration.ofMinutes(3))
                .failFast(() -> !p.isAlive())
                .until(() -> Files.readString(log).contains("Ctrl-C stops everything"));
        return p;
    }

    /** Runs {@code run.sh replay|checksum …} against the restarted stack; returns the checksum it prints. */
    private String checksum(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(javaCommand());
        args.addAll(List.of(command));
        args.add("--kafka-port=" + kafkaPort);
        args.add("--postgres-port=" + postgresPort);
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        Matcher m = Pattern.compile("checksum\\s+([0-9a-f]{32})").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    private static List<String> javaCommand() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(
                List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"), LocalStack.class.getName()));
    }

    private void postSingle(URI ingest, int n, Map<String, String> sent, Set<String> acknowledged)
            throws IOException, InterruptedException {
        String eventId = UUID.randomUUID().toString();
        String fact = fact(eventId, n);
        sent.put(eventId, fact);
        HttpResponse<String> r = send("POST", ingest.resolve("/api/v1/events"), provider, fact);
        if (r.statusCode() == 202 || r.statusCode() == 200) {
            acknowledged.add(eventId);
        }
    }

    private void postBatch(URI ingest, int n, Map<String, String> sent, Set<String> acknowledged)
            throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        StringBuilder body = new StringBuilder("{\"events\":[");
        for (int k = 0; k < BATCH; k++) {
            String eventId = UUID.randomUUID().toString();
            String fact = fact(eventId, n * BATCH + k);
            sent.put(eventId, fact);
            ids.add(eventId);
            body.append(k == 0 ? "" : ",").append(fact);
        }
        HttpResponse<String> r = send(
                "POST",
                ingest.resolve("/api/v1/events/batch"),
                provider,
                body.append("]}").toString());
        if (r.statusCode() != 200) {
            return;
        }
        Matcher m =
                Pattern.compile("\"eventId\":\"([^\"]+)\",\"status\":(\\d+)").matcher(r.body());
        while (m.find()) {
            if (ids.contains(m.group(1))
                    && (m.group(2).equals("202") || m.group(2).equals("200"))) {
                acknowledged.add(m.group(1));
            }
        }
    }

    private String fact(String eventId, int n) {
        return "{\"eventId\":\"" + eventId + "\",\"unitId\":\"CRASH" + (n % UNITS)
                + "\",\"indicator\":\"4.1\",\"outcome\":\"TALK_OR_CRITICISM\",\"occurredOn\":\"" + occurredOn
                + "\",\"reference\":\"济纪发〔2026〕" + n + "号\",\"summary\":\"压测数据\"}";
    }

    /** Each fact POSTed to the ingest service as a single, four at a time; the answers by eventId. */
    private Map<String, HttpResponse<String>> postEach(URI ingest, Map<String, String> facts) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            Map<String, Future<HttpResponse<String>>> pending = new HashMap<>();
            facts.forEach((eventId, fact) -> pending.put(
                    eventId, clients.submit(() -> send("POST", ingest.resolve("/api/v1/events"), provider, fact))));
            Map<String, HttpResponse<String>> answers = new HashMap<>();
            for (var p : pending.entrySet()) {
                answers.put(p.getKey(), p.getValue().get(30, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private HttpResponse<String> send(String method, URI uri, String token, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> eventIds(Connection db, String table, String column, String where) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (var rows = db.createStatement().executeQuery("SELECT " + column + " FROM " + table + " WHERE " + where)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static String one(Connection db, String sql) throws SQLException {
        try (var rows = db.createStatement().executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }

    private int port(String option) {
        return ports.stream()
                .filter(p -> p.startsWith(option + "="))
                .map(p -> Integer.parseInt(p.substring(option.length() + 1)))
                .findFirst()
                .orElseThrow();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
