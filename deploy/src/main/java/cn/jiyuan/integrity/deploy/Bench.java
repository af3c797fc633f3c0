package cn.jiyuan.integrity.deploy;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/** What the load tools share: {@code --name=value} options, an open loop at a fixed rate, percentiles. */
final class Bench {

    private Bench() {}

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        return o;
    }

    /** Latencies (ns, indexed by request) and failures of an open-loop run. */
    record Run(long[] latencies, long failures, double seconds) {}

    /**
     * Open loop: request {@code i} is issued when due (every 1/rate s) whether or not earlier ones have answered,
     * and timed from when it was due, so a stall of the server is not hidden (no coordinated omission).
     * {@code request.apply(i)} completes with true for a good answer.
     */
    static Run openLoop(int rate, int seconds, IntFunction<CompletableFuture<Boolean>> request) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicLong failures = new AtomicLong();
        ConcurrentLinkedQueue<CompletableFuture<?>> inFlight = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        AtomicLong issued = new AtomicLong();
        var done = new CompletableFuture<Void>();
        ticker.scheduleAtFixedRate(
                () -> {
                    long due;
                    // issue every request that is due by now (catches up after a scheduler hiccup)
                    while (issued.get() < total && (due = start + issued.get() * periodNanos) <= System.nanoTime()) {
                        int i = (int) issued.getAndIncrement();
                        long dueAt = due;
                        inFlight.add(request.apply(i).handle((ok, e) -> {
                            latencies[i] = System.nanoTime() - dueAt;
                            if (e != null || !Boolean.TRUE.equals(ok)) {
                                failures.incrementAndGet();
                            }
                            return null; // a failed request is counted, not thrown
                        }));
                    }
                    if (issued.get() >= total) {
                        done.complete(null);
                    }
                },
                0,
                200,
                TimeUnit.MICROSECONDS);
        done.join();
        ticker.shutdownNow();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        return new Run(latencies, failures.get(), (System.nanoTime() - start) / 1e9);
    }

    /** "p50 … p90 … p99 … max …" in milliseconds. */
    static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "p50 %.1f  p90 %.1f  p99 %.1f  max %.1f",
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
    }

    static void report(PrintStream out, String what, long requests, Run run) {
        out.printf(
                "%s: %,d requests, %.1f s → %,.0f requests/s%n",
                what, requests, run.seconds(), requests / run.seconds());
        out.printf("  latency ms: %s   failures: %d%n", percentiles(run.latencies()), run.failures());
    }

    private static double pct(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
    }
}
