package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code run.sh chaos --minutes=N} (issue 17 §2): faults under load on the cluster mode, checked as Jepsen checks a
 * database. A client posts facts (singles and batches) to both ingest instances and records every acknowledged
 * eventId; a subscriber follows the grade-change stream, reconnecting with {@code Last-Event-ID}; meanwhile, one at a
 * time, a broker (any of them: each is a controller), an instance of every service is killed with SIGKILL and
 * started again, and PostgreSQL is stopped for 20 s. Then a checker verifies: every acknowledged fact is on the topic
 * and in every projection exactly once; the scoring projection's checksum equals a fresh replay's; every grade change
 * reached the subscriber once (by changeId); every refusal was 503 with Retry-After. It prints the figures and exits
 * non-zero on any finding. Bounded in time; traffic to 127.0.0.1 only.
 */
final class ChaosRun {

    private static final Pattern CHECKSUM = Pattern.compile("checksum\\s+([0-9a-f]{32})");
    private static final List<String> FAULTS = List.of("kafka", "scoring", "ingest", "query", "objection", "postgres");

    private final LocalCluster cluster;
    private final PrintStream out;
    private final Random random;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalTokens tokens = LocalTokens.withDefaultSecret();
    private final String provider = tokens.mint("chaos-jgw", "JGW", List.of("PROVIDER"), Duration.ofHours(12));
    private final String office = tokens.mint("chaos-xyb", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(12));
    private final int units;

    // what the client saw
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> answers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> findings = new ConcurrentLinkedQueue<>();
    private final Map<Long, boolean[]> seconds = new ConcurrentHashMap<>(); // second → {served, refused}
    // what the subscriber saw
    private final Map<String, Integer> changesSeen = new ConcurrentHashMap<>();
    private final List<String> faults = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);

    private ChaosRun(LocalCluster cluster, PrintStream out, long seed, int units) {
        this.cluster = cluster;
        this.out = out;
        this.random = new Random(seed);
        this.units = units;
    }

    static int run(String[] args, PrintStream out) throws Exception {
        int minutes = 5;
        long seed = System.nanoTime();
        int units = 20;
        int faultEvery = 20;
        Path dataDir = Path.of("data-chaos");
        int basePort = 19500;
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (name) {
                case "--minutes" -> minutes = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                case "--units" -> units = Integer.parseInt(value);
                case "--fault-every" -> faultEvery = Integer.parseInt(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--base-port" -> basePort = Integer.parseInt(value);
                default ->
                    throw new IllegalArgumentException("unknown option " + arg + "\nusage: run.sh chaos"
                            + " [--minutes=5] [--fault-every=20] [--units=20] [--seed=N] [--data-dir=data-chaos]"
                            + " [--base-port=19500]");
            }
        }
        if (minutes < 1 || minutes > 24 * 60) {
            throw new IllegalArgumentException("--minutes is 1 to 1440");
        }
        out.printf("chaos run: %d min, a fault every %d s, %d units, seed %d%n", minutes, faultEvery, units, seed);
        LocalCluster.Options options = LocalCluster.Options.parse(
                "--data-dir=" + dataDir,
                "--fresh",
                "--base-port=" + basePort,
                "--services=ingest,scoring,objection,query");
        try (LocalCluster cluster = LocalCluster.start(options, out)) {
            ChaosRun chaos = new ChaosRun(cluster, out, seed, units);
            return chaos.go(Duration.ofMinutes(minutes), Duration.ofSeconds(faultEvery), dataDir);
        }
    }

    private int go(Duration length, Duration faultEvery, Path dataDir) throws Exception {
        Instant start = Instant.now();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicBoolean subscribing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        // the subscriber first: a stream opened without Last-Event-ID starts at its opening, and every grade change
        // of the run (the units' first grades too) must come after it
        threads.submit(() -> subscribe(subscribing));
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the grade-change stream did not open");
        }
        for (int u = 0; u < units; u++) {
            URI ingest = cluster.urls().get("ingest").get(0);
            HttpResponse<String> r = send(
                    "PUT",
                    ingest.resolve("/api/v1/units/CHAOS" + u),
                    office,
                    "{\"name\":\"单位" + u + "\",\"active\":true}");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("cannot register units: " + r.statusCode() + " " + r.body());
            }
        }
        Instant end = start.plus(length);
        threads.submit(() -> load(loading, 1));
        threads.submit(() -> load(loading, 2));
        try {
            int n = 0;
            while (Instant.now().plus(faultEvery).isBefore(end)) {
                LockSupport.parkNanos(faultEvery.toNanos());
                String kind = n < FAULTS.size() ? FAULTS.get(n) : FAULTS.get(random.nextInt(FAULTS.size()));
                inject(kind, start);
                n++;
            }
            while (Instant.now().isBefore(end)) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        } finally {
            loading.set(false);
        }
        out.printf("load stopped after %s; checking…%n", since(start));
        Report report = check(subscribing);
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        String text = report.describe(this, since(start));
        out.print(text);
        Files.writeString(dataDir.resolve("chaos-report.txt"), text, StandardCharsets.UTF_8);
        return report.clean() && findings.isEmpty() ? 0 : 1;
    }

    /** One fault: kill -9 a part and start it again (PostgreSQL: stopped for 20 s). */
    private void inject(String kind, Instant start) {
        String target;
        switch (kind) {
            case "kafka" -> target = "kafka-" + (1 + random.nextInt(3));
            case "postgres" -> target = "postgres";
            default ->
                target = kind + "-" + random.nextInt(cluster.urls().get(kind).size());
        }
        Instant at = Instant.now();
        try {
            if (target.equals("postgres")) {
                cluster.stopPostgres();
                LockSupport.parkNanos(Duration.ofSeconds(20).toNanos());
                cluster.startPostgres();
            } else {
                cluster.kill(target);
                LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
                cluster.restart(target);
            }
            String line = String.format(
                    "%8s  %-11s back after %s",
                    since(start),
                    target,
                    Duration.between(at, Instant.now()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            faults.add(line);
            out.println("fault " + line);
        } catch (RuntimeException | InterruptedException e) {
            findings.add("fault on " + target + " could not be repaired: " + e);
        }
    }

    private void load(AtomicBoolean loading, int thread) {
        Random r = new Random(random.nextLong() + thread);
        int n = 0;
        while (loading.get()) {
            List<URI> ingest = cluster.urls().get("ingest");
            URI target = ingest.get(r.nextInt(ingest.size()));
            boolean batch = n++ % 5 == 0;
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            int count = batch ? 10 : 1;
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                String fact = String.format(
                        "{\"eventId\":\"%s\",\"unitId\":\"CHAOS%d\",\"indicator\":\"4.1\",\"outcome\":\"%s\","
                                + "\"occurredOn\":\"%s\",\"reference\":\"chaos\"}",
                        id,
                        r.nextInt(units),
                        r.nextInt(3) == 0 ? "LIGHT_DISCIPLINE" : "TALK_OR_CRITICISM",
                        LocalDate.now(ChinaTime.ZONE).minusDays(1 + r.nextInt(20)));
                body.append(i == 0 ? "" : ",").append(fact);
            }
            long second = Instant.now().getEpochSecond();
            try {
                HttpResponse<String> answer = batch
                        ? send("POST", target.resolve("/api/v1/events/batch"), provider, "{\"events\":[" + body + "]}")
                        : send("POST", target.resolve("/api/v1/events"), provider, body.toString());
                answers.merge(String.valueOf(answer.statusCode()), 1, Integer::sum);
                if (answer.statusCode() == 200 || answer.statusCode() == 202) {
                    if (batch) {
                        batchAcknowledged(answer.body(), ids);
                    } else {
                        acknowledged.add(ids.get(0));
                    }
                    mark(second, 0);
                } else if (answer.statusCode() == 503) {
                    if (answer.headers().firstValue("Retry-After").isEmpty()) {
                        findings.add("503 without Retry-After from " + target);
                    }
                    mark(second, 1);
                } else {
                    findings.add(answer.statusCode() + " from " + target + ": " + cut(answer.body()));
                    mark(second, 1);
                }
            } catch (IOException e) {
                answers.merge("no answer (instance down)", 1, Integer::sum);
                mark(second, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** A batch answers per fact: the accepted ones (202/200) are acknowledged, each refusal is checked like one. */
    private void batchAcknowledged(String body, List<String> ids) {
        JsonNode results = new ObjectMapper().readTree(body).path("results");
        for (JsonNode r : results) {
            int status = r.path("status").asInt();
            if (status == 200 || status == 202) {
                acknowledged.add(r.path("eventId").asString());
            } else if (status != 503) {
                findings.add("batch item " + status + ": " + cut(r.toString()));
            }
        }
    }

    private void mark(long second, int which) {
        seconds.computeIfAbsent(second, s -> new boolean[2])[which] = true;
    }

    /** Follows the grade-change stream, from either query instance, reconnecting with Last-Event-ID. */
    private void subscribe(AtomicBoolean subscribing) {
        String lastEventId = null;
        int instance = 0;
        ObjectMapper json = new ObjectMapper();
        while (subscribing.get()) {
            List<URI> query = cluster.urls().get("query");
            URI url = query.get(instance++ % query.size()).resolve("/api/v1/grade-changes");
            HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + office);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<InputStream> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    continue;
                }
                subscribed.countDown();
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String id = null;
                    for (String line; subscribing.get() && (line = lines.readLine()) != null; ) {
                        if (line.startsWith("id:")) {
                            id = line.substring(3).strip();
                        } else if (line.startsWith("data:")) {
                            String changeId = json.readTree(line.substring(5))
                                    .path("changeId")
                                    .asString();
                            changesSeen.merge(changeId, 1, Integer::sum);
                        } else if (line.isEmpty() && id != null) {
                            lastEventId = id;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Report(
            int onTopicMissing,
            Map<String, Integer> missing,
            Map<String, Integer> duplicated,
            String liveChecksum,
            String replayChecksum,
            int changes,
            int changesMissed,
            int changesTwice) {

        boolean clean() {
            return onTopicMissing == 0
                    && missing.values().stream().allMatch(v -> v == 0)
                    && duplicated.values().stream().allMatch(v -> v == 0)
                    && liveChecksum.equals(replayChecksum)
                    && changesMissed == 0
                    && changesTwice == 0;
        }

        String describe(ChaosRun run, String after) {
            StringBuilder b = new StringBuilder();
            b.append("== chaos run, ").append(after).append(" ==\n");
            b.append("facts acknowledged ").append(run.acknowledged.size()).append('\n');
            b.append("answers ").append(new TreeMap<>(run.answers)).append('\n');
            long unavailable =
                    run.seconds.values().stream().filter(s -> s[1] && !s[0]).count();
            b.append("seconds with refusals and nothing served ")
                    .append(unavailable)
                    .append('\n');
            b.append("faults injected ").append(run.faults.size()).append('\n');
            run.faults.forEach(f -> b.append("  ").append(f).append('\n'));
            b.append("acknowledged but not on the topic (lost) ")
                    .append(onTopicMissing)
                    .append('\n');
            b.append("acknowledged but missing from a projection ")
                    .append(missing)
                    .append('\n');
            b.append("in a projection more than once ").append(duplicated).append('\n');
            b.append("scoring checksum ")
                    .append(liveChecksum)
                    .append(", replay ")
                    .append(replayChecksum)
                    .append(liveChecksum.equals(replayChecksum) ? " (equal)" : " (DIFFERENT)")
                    .append('\n');
            b.append("grade changes ")
                    .append(changes)
                    .append(", missed by the subscriber ")
                    .append(changesMissed)
                    .append(", seen twice ")
                    .append(changesTwice)
                    .append('\n');
            b.append("findings ").append(run.findings.size()).append('\n');
            run.findings.stream()
                    .limit(20)
                    .forEach(f -> b.append("  ").append(f).append('\n'));
            b.append(clean() && run.findings.isEmpty() ? "CLEAN\n" : "FAILED\n");
            return b.toString();
        }
    }

    private Report check(AtomicBoolean subscribing) throws Exception {
        Set<String> onTopic = new HashSet<>();
        read(IntegrityTopics.CREDIT_EVENTS, v -> {
            if (v instanceof CreditFact f) {
                onTopic.add(f.getEventId());
            }
        });
        int lost =
                (int) acknowledged.stream().filter(id -> !onTopic.contains(id)).count();

        Map<String, String> projections = Map.of(
                "scoring", "SELECT fact_id, count(*) FROM scoring.unit_facts WHERE kind = 'C' GROUP BY fact_id",
                "query", "SELECT record_id, count(*) FROM query.unit_records WHERE kind = 'C' GROUP BY record_id",
                "objection", "SELECT event_id, count(*) FROM objection.facts GROUP BY event_id");
        Map<String, Integer> missing = new TreeMap<>();
        Map<String, Integer> duplicated = new TreeMap<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        try (Connection db = DriverManager.getConnection(cluster.jdbcUrl(), "postgres", "")) {
            for (Map.Entry<String, String> p : projections.entrySet()) {
                Map<String, Integer> counts;
                do {
                    counts = counts(db, p.getValue());
                    Map<String, Integer> seen = counts;
                    if (acknowledged.stream().allMatch(seen::containsKey)) {
                        break;
                    }
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                } while (Instant.now().isBefore(deadline));
                Map<String, Integer> seen = counts;
                missing.put(p.getKey(), (int) acknowledged.stream()
                        .filter(id -> !seen.containsKey(id))
                        .count());
                duplicated.put(p.getKey(), (int)
                        seen.values().stream().filter(c -> c > 1).count());
            }
        }
        // the projection settles (grading after the last batch), then its checksum against a fresh replay's
        LockSupport.parkNanos(Duration.ofSeconds(10).toNanos());
        String live = scoringTool("checksum");
        String replay = scoringTool("replay", "--no-switch");

        Set<String> changes = new HashSet<>();
        read(IntegrityTopics.GRADE_CHANGES, v -> {
            if (v instanceof GradeChange g && g.getChangeId() != null) {
                changes.add(g.getChangeId());
            }
        });
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(until) && !changesSeen.keySet().containsAll(changes)) {
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        subscribing.set(false);
        int missed =
                (int) changes.stream().filter(c -> !changesSeen.containsKey(c)).count();
        int twice = (int) changesSeen.values().stream().filter(c -> c > 1).count();
        return new Report(lost, missing, duplicated, live, replay, changes.size(), missed, twice);
    }

    private static Map<String, Integer> counts(Connection db, String sql) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    private void read(Topic topic, java.util.function.Consumer<Object> each) {
        Map<String, Object> props = new HashMap<>(cluster.login("admin"));
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null) {
                        each.accept(avro.deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
    }

    /** {@code run.sh checksum} or {@code replay --no-switch} against the cluster, as the scoring principal. */
    private String scoringTool(String... command) throws IOException, InterruptedException {
        List<String> args = LocalCluster.javaCommand(LocalStack.class, List.of());
        args.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(true);
        builder.environment().putAll(cluster.clientEnvironment("scoring"));
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            findings.add(String.join(" ", command) + " failed: " + cut(output));
            return "none";
        }
        Matcher m = CHECKSUM.matcher(output);
        return m.find() ? m.group(1) : "none";
    }

    private HttpResponse<String> send(String method, URI uri, String token, String json)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String since(Instant start) {
        return Duration.between(start, Instant.now())
                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString();
    }

    private static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
