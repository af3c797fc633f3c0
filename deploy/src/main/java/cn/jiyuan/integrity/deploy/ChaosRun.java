package cn.jiyuan.integrity.deploy;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

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

    private static final List<String> FAULTS = List.of("kafka", "scoring", "ingest", "query", "objection", "postgres");

    private final LocalCluster cluster;
    private final PrintStream out;
    private final Random random;
    private final List<String> faults = new ArrayList<>();
    private final ChaosClient client;

    private ChaosRun(LocalCluster cluster, PrintStream out, long seed, int units) {
        this.cluster = cluster;
        this.out = out;
        this.random = new Random(seed);
        this.client = new ChaosClient(cluster, random, units);
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
        ClusterOptions options = ClusterOptions.parse(
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
        threads.submit(() -> client.subscribe(subscribing));
        if (!client.subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the grade-change stream did not open");
        }
        client.registerUnits();
        Instant end = start.plus(length);
        threads.submit(() -> client.load(loading, 1));
        threads.submit(() -> client.load(loading, 2));
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
        ChaosCheck.Report report = new ChaosCheck(cluster, client).check(subscribing);
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        String text = report.describe(client, faults, since(start));
        out.print(text);
        Files.writeString(dataDir.resolve("chaos-report.txt"), text, StandardCharsets.UTF_8);
        return report.clean() && client.findings.isEmpty() ? 0 : 1;
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
                    since(start), target, Duration.between(at, Instant.now()).truncatedTo(ChronoUnit.SECONDS));
            faults.add(line);
            out.println("fault " + line);
        } catch (RuntimeException | InterruptedException e) {
            client.findings.add("fault on " + target + " could not be repaired: " + e);
        }
    }

    private static String since(Instant start) {
        return Duration.between(start, Instant.now())
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }
}
