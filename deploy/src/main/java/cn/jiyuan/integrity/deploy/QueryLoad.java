package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code run.sh bench-query score|rankings|sse}: the query service's benchmarks (docs/benchmarks.md, issue 6), against
 * the running local stack. Data first: {@code run.sh bench-scoring load --units=5000 --facts=100000 --history=true}.
 * <ul>
 *   <li>{@code score [--rate=1000] [--seconds=30] [--units=5000] [--warmup=0]}: open-loop GETs of random units'
 *       scores today;
 *   <li>{@code rankings [--dates=5]}: rankings today and a year ago, each date computed afresh (cold), then cached;
 *   <li>{@code sse [--subscribers=200] [--changes=50]}: that many stream subscribers, grade changes written to the
 *       topic one every 100 ms; the delay from the write to each subscriber's receipt.
 * </ul>
 */
final class QueryLoad {

    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI query;
    private final String token =
            LocalTokens.withDefaultSecret().mint("bench", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(2));

    private QueryLoad(PrintStream out, URI query) {
        this.out = out;
        this.query = query;
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Map<String, String> o = Bench.options(args);
        QueryLoad load = new QueryLoad(out, URI.create(o.getOrDefault("query", "http://127.0.0.1:8084")));
        String what = args.length == 0 ? "" : args[0];
        switch (what) {
            case "score" ->
                load.scores(
                        Integer.parseInt(o.getOrDefault("rate", "1000")),
                        Integer.parseInt(o.getOrDefault("seconds", "30")),
                        Integer.parseInt(o.getOrDefault("units", "5000")),
                        Integer.parseInt(o.getOrDefault("warmup", "0")));
            case "rankings" -> load.rankings(Integer.parseInt(o.getOrDefault("dates", "5")));
            case "sse" ->
                load.sse(
                        Integer.parseInt(o.getOrDefault("subscribers", "200")),
                        Integer.parseInt(o.getOrDefault("changes", "50")),
                        o.getOrDefault("bootstrap", "127.0.0.1:9092"));
            default -> {
                out.println("usage: bench-query score [--rate=1000] [--seconds=30] [--units=5000] [--warmup=0]"
                        + " | rankings [--dates=5]"
                        + " | sse [--subscribers=200] [--changes=50]");
                return 2;
            }
        }
        return 0;
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(query.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
    }

    /**
     * Open-loop GETs of random units' scores. With {@code warmup} seconds, the same load runs that long first and is
     * not reported: this client's own JVM starts cold with every run, and its asynchronous path is compiled under the
     * load, not by the 2,000 requests sent one at a time before it.
     */
    private void scores(int rate, int seconds, int units, int warmup) throws Exception {
        Random random = new Random(7);
        String[] paths = new String[rate * seconds];
        for (int i = 0; i < paths.length; i++) {
            paths[i] = String.format("/api/v1/units/BENCH%05d/score", random.nextInt(units));
        }
        for (int i = 0; i < 2000; i++) { // warm-up: JIT, connections, today's ranking computed once
            http.send(get(paths[i % paths.length]), HttpResponse.BodyHandlers.discarding());
        }
        IntFunction<CompletableFuture<Boolean>> read =
                i -> http.sendAsync(get(paths[i % paths.length]), HttpResponse.BodyHandlers.discarding())
                        .thenApply(r -> r.statusCode() == 200);
        if (warmup > 0) {
            Bench.Run unreported = Bench.openLoop(rate, warmup, read);
            out.printf("warm-up, not counted: %s%n", Bench.percentiles(unreported.latencies()));
        }
        Bench.Run run = Bench.openLoop(rate, seconds, read);
        Bench.report(out, "GET /score at " + rate + " req/s target (" + units + " units)", paths.length, run);
    }

    private void rankings(int dates) throws Exception {
        LocalDate today = ChinaTime.dateOf(Instant.now());
        for (LocalDate base : List.of(today, today.minusYears(1))) {
            long[] cold = new long[dates];
            long[] warm = new long[dates * 5];
            int size = 0;
            for (int d = 0; d < dates; d++) {
                // today: the cache holds one version; other dates: each is a fresh computation
                String path = "/api/v1/rankings?asOf=" + (base.equals(today) ? base : base.minusDays(d));
                long t0 = System.nanoTime();
                HttpResponse<String> r = http.send(get(path), HttpResponse.BodyHandlers.ofString());
                cold[d] = System.nanoTime() - t0;
                check(r);
                size = r.body().split("\"unitId\"", -1).length - 1;
                for (int k = 0; k < 5; k++) {
                    t0 = System.nanoTime();
                    check(http.send(get(path), HttpResponse.BodyHandlers.ofString()));
                    warm[d * 5 + k] = System.nanoTime() - t0;
                }
            }
            out.printf(
                    "GET /rankings asOf %s (%,d units): first request ms: %s%n   cached ms: %s%n",
                    base.equals(today) ? "today" : "a year ago",
                    size,
                    Bench.percentiles(cold),
                    Bench.percentiles(warm));
        }
    }

    private static void check(HttpResponse<String> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + r.uri() + " → " + r.statusCode() + " " + r.body());
        }
    }

    private static final Pattern CHANGED_AT = Pattern.compile("\"unitId\":\"SSEBENCH-(\\d+)\"");

    private void sse(int subscribers, int changes, String bootstrap) throws Exception {
        Map<Integer, Instant> written = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
        CountDownLatch connected = new CountDownLatch(subscribers);
        CountDownLatch received = new CountDownLatch(subscribers * changes);
        List<CompletableFuture<?>> streams = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            // one subscriber a downstream system: each its own subject (a caller holds at most five streams)
            String subscriber = LocalTokens.withDefaultSecret()
                    .mint("bench-sse-" + s, "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(2));
            HttpRequest request = HttpRequest.newBuilder(query.resolve("/api/v1/grade-changes"))
                    .header("Authorization", "Bearer " + subscriber)
                    .header("Accept", "text/event-stream")
                    .GET()
                    .build();
            streams.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(r -> {
                        connected.countDown();
                        r.body().forEach(line -> {
                            Matcher m = CHANGED_AT.matcher(line);
                            if (line.startsWith("data:") && m.find()) {
                                Instant at = written.get(Integer.parseInt(m.group(1)));
                                if (at != null) {
                                    delays.add(
                                            Duration.between(at, Instant.now()).toNanos());
                                    received.countDown();
                                }
                            }
                        });
                    }));
        }
        if (!connected.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("only " + (subscribers - connected.getCount()) + " subscribers connected");
        }
        Map<String, Object> props =
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(props, new StringSerializer(), new AvroSingleObjectSerializer())) {
            producer.partitionsFor(IntegrityTopics.GRADE_CHANGES.name()); // metadata first: not part of any delay
            for (int c = 0; c < changes; c++) {
                String unit = "SSEBENCH-" + c;
                Instant now = Instant.now();
                written.put(c, now);
                producer.send(new ProducerRecord<>(
                                IntegrityTopics.GRADE_CHANGES.name(),
                                unit,
                                new GradeChange(
                                        UUID.randomUUID().toString(),
                                        unit,
                                        null,
                                        CreditGrade.GOOD,
                                        new BigDecimal("100.00"),
                                        1,
                                        now,
                                        LocalDate.now())))
                        .get();
                Thread.sleep(100);
            }
        }
        boolean all = received.await(60, TimeUnit.SECONDS);
        long[] d = delays.stream().mapToLong(Long::longValue).toArray();
        out.printf(
                "SSE fan-out: %d subscribers × %d changes, %,d deliveries%s%n  delay from the write to receipt ms: %s%n",
                subscribers,
                changes,
                d.length,
                all ? "" : " (INCOMPLETE: " + received.getCount() + " missing)",
                Bench.percentiles(d));
        streams.forEach(f -> f.cancel(true));
    }
}
