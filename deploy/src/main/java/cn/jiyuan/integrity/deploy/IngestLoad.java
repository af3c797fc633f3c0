package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator for the ingest API, run by hand against a running stack (docs/benchmarks.md):
 * {@code run.sh bench-ingest batch --clients=4 --batches=100} (closed loop, 1,000 facts a request) or
 * {@code run.sh bench-ingest single --rate=2000 --seconds=30} (open loop at a fixed rate; latency is measured from
 * the moment each request was due, so a stall is not hidden). Prints facts/s and latency percentiles; bounded in
 * count and time; loopback only.
 */
final class IngestLoad {

    private static final int UNITS = 50;

    private final URI ingest;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    private final String token =
            LocalTokens.withDefaultSecret().mint("bench", "JGW", List.of("PROVIDER"), Duration.ofHours(2));
    private final String occurredOn = LocalDate.now(ChinaTime.ZONE).minusDays(1).toString();

    IngestLoad(URI ingest, PrintStream out) {
        this.ingest = ingest;
        this.out = out;
    }

    static int run(String[] args, PrintStream out) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        Map<String, String> o = Bench.options(args);
        IngestLoad load = new IngestLoad(URI.create(o.getOrDefault("url", "http://127.0.0.1:8081")), out);
        load.warmUpRequests = Integer.parseInt(o.getOrDefault("warmup", "2000"));
        load.registerUnits();
        switch (mode) {
            case "batch" ->
                load.batches(
                        Integer.parseInt(o.getOrDefault("clients", "4")),
                        Integer.parseInt(o.getOrDefault("batches", "100")));
            case "single" ->
                load.singles(
                        Integer.parseInt(o.getOrDefault("rate", "2000")),
                        Integer.parseInt(o.getOrDefault("seconds", "30")));
            default -> {
                out.println(
                        "usage: bench-ingest batch [--clients=4] [--batches=100] | single [--rate=2000] [--seconds=30]"
                                + "  [--warmup=2000 single requests first] [--url=http://127.0.0.1:8081]");
                return 2;
            }
        }
        return 0;
    }

    private void registerUnits() throws IOException, InterruptedException {
        String xyb =
                LocalTokens.withDefaultSecret().mint("bench", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
        for (int u = 0; u < UNITS; u++) {
            HttpResponse<String> r = http.send(
                    request("/api/v1/units/BENCH" + u, xyb, "{\"name\":\"压测单位" + u + "\",\"active\":true}", "PUT"),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("cannot register units: " + r.statusCode() + " " + r.body());
            }
        }
    }

    private String fact(long n) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"unitId\":\"BENCH" + (n % UNITS)
                + "\",\"indicator\":\"4.1\",\"outcome\":\"TALK_OR_CRITICISM\",\"occurredOn\":\"" + occurredOn
                + "\",\"reference\":\"济纪发〔2026〕" + n + "号\",\"summary\":\"压测数据\"}";
    }

    private HttpRequest request(String path, String bearer, String body, String method) {
        return HttpRequest.newBuilder(ingest.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Closed loop: {@code clients} concurrent senders, {@code batches} requests of 1,000 facts in all. */
    private void batches(int clients, int batches) throws Exception {
        warmUp();
        AtomicLong next = new AtomicLong();
        AtomicLong counter = new AtomicLong();
        long[] latencies = new long[batches];
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        CompletableFuture<?>[] senders = new CompletableFuture<?>[clients];
        var pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            senders[c] = CompletableFuture.runAsync(
                    () -> {
                        for (long i; (i = next.getAndIncrement()) < batches; ) {
                            StringBuilder body = new StringBuilder(200_000).append("{\"events\":[");
                            for (int k = 0; k < 1000; k++) {
                                body.append(k == 0 ? "" : ",").append(fact(counter.getAndIncrement()));
                            }
                            body.append("]}");
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<String> r = http.send(
                                        request("/api/v1/events/batch", token, body.toString(), "POST"),
                                        HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() != 200
                                        || r.body().contains("\"status\":4")
                                        || r.body().contains("\"status\":5")) {
                                    failures.incrementAndGet();
                                }
                            } catch (IOException | InterruptedException e) {
                                failures.incrementAndGet();
                            }
                            latencies[(int) i] = System.nanoTime() - t0;
                        }
                    },
                    pool);
        }
        CompletableFuture.allOf(senders).join();
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        report(
                "batch (1,000 facts/request, " + clients + " clients)",
                batches * 1000L,
                batches,
                seconds,
                latencies,
                failures.get());
    }

    /** Open loop: one request every 1/rate s for {@code seconds} s, each timed from when it was due. */
    private void singles(int rate, int seconds) throws Exception {
        warmUp();
        Bench.Run run = Bench.openLoop(
                rate,
                seconds,
                i -> http.sendAsync(
                                request("/api/v1/events", token, fact(i), "POST"),
                                HttpResponse.BodyHandlers.discarding())
                        .thenApply(r -> r.statusCode() == 202));
        int total = rate * seconds;
        report(
                "single POST at " + rate + " req/s target",
                total,
                total,
                run.seconds(),
                run.latencies(),
                run.failures());
    }

    private int warmUpRequests = 2000;

    private void warmUp() throws IOException, InterruptedException {
        for (int i = 0; i < warmUpRequests; i++) {
            http.send(request("/api/v1/events", token, fact(i), "POST"), HttpResponse.BodyHandlers.discarding());
        }
    }

    private void report(String what, long facts, int requests, double seconds, long[] latencies, long failures) {
        out.printf(
                "%s: %,d facts in %,d requests, %.1f s → %,.0f facts/s, %,.0f requests/s%n",
                what, facts, requests, seconds, facts / seconds, requests / seconds);
        out.printf("  latency ms: %s   failures: %d%n", Bench.percentiles(latencies), failures);
    }
}
