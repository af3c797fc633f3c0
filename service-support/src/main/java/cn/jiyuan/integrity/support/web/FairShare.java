package cn.jiyuan.integrity.support.web;

import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How much of one expensive resource (streams held open, uncached computations, bytes of request bodies) each caller
 * may hold at once, and all callers together. A caller over its share — or anyone when the whole is taken — gets 429
 * with {@code Retry-After} (API.md §Tokens), so one account cannot stall the others (OWASP API4). A share is held from
 * subscription until the work completes, fails or is cancelled. Work weighs 1 unless it says otherwise (a body: its
 * bytes).
 */
public final class FairShare {

    private final String what;
    private final long perCaller;
    private final long total;
    private final Duration retryAfter;
    private final ConcurrentHashMap<String, AtomicLong> held = new ConcurrentHashMap<>();
    private final AtomicLong all = new AtomicLong();

    /**
     * @param what the resource, as the refusal names it ("open grade-change streams")
     */
    public FairShare(String what, long perCaller, long total, Duration retryAfter) {
        this.what = what;
        this.perCaller = perCaller;
        this.total = total;
        this.retryAfter = retryAfter;
    }

    public <T> Mono<T> run(String caller, Mono<T> work) {
        return run(caller, 1, work);
    }

    public <T> Flux<T> run(String caller, Flux<T> work) {
        return Flux.usingWhen(Mono.fromCallable(() -> acquire(caller, 1)), share -> work, share -> release(caller, 1));
    }

    /** {@code work} that weighs {@code weight} (e.g. a body's bytes). */
    public <T> Mono<T> run(String caller, long weight, Mono<T> work) {
        return Mono.usingWhen(
                Mono.fromCallable(() -> acquire(caller, weight)), share -> work, share -> release(caller, weight));
    }

    /** What {@code caller} holds now. */
    public long held(String caller) {
        AtomicLong n = held.get(caller);
        return n == null ? 0 : n.get();
    }

    private String acquire(String caller, long weight) {
        if (all.addAndGet(weight) > total) {
            all.addAndGet(-weight);
            throw Refusal.tooManyRequests(
                    "the service is at its limit of " + total + " " + what + "; retry later", retryAfter);
        }
        AtomicLong mine = held.computeIfAbsent(caller, c -> new AtomicLong());
        if (mine.addAndGet(weight) > perCaller) {
            mine.addAndGet(-weight);
            all.addAndGet(-weight);
            throw Refusal.tooManyRequests(
                    "at most " + perCaller + " " + what + " per caller; retry when some have ended", retryAfter);
        }
        return caller;
    }

    private Mono<Void> release(String caller, long weight) {
        return Mono.fromRunnable(() -> {
            held.computeIfPresent(caller, (c, n) -> n.addAndGet(-weight) == 0 ? null : n);
            all.addAndGet(-weight);
        });
    }
}
