package cn.jiyuan.integrity.support.web;

import cn.jiyuan.integrity.support.problems.ApiException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How much of one expensive resource (streams held open, uncached computations) each caller may hold at once, and
 * all callers together. A caller over its share — or anyone when the whole is taken — gets 429 with
 * {@code Retry-After} (API.md §Tokens), so one account cannot stall the others (OWASP API4). A share is held from
 * subscription until the work completes, fails or is cancelled.
 */
public final class FairShare {

    private final String what;
    private final int perCaller;
    private final int total;
    private final Duration retryAfter;
    private final ConcurrentHashMap<String, AtomicInteger> held = new ConcurrentHashMap<>();
    private final AtomicInteger all = new AtomicInteger();

    /**
     * @param what the resource, as the refusal names it ("open grade-change streams")
     */
    public FairShare(String what, int perCaller, int total, Duration retryAfter) {
        this.what = what;
        this.perCaller = perCaller;
        this.total = total;
        this.retryAfter = retryAfter;
    }

    public <T> Mono<T> run(String caller, Mono<T> work) {
        return Mono.usingWhen(Mono.fromCallable(() -> acquire(caller)), share -> work, this::release);
    }

    public <T> Flux<T> run(String caller, Flux<T> work) {
        return Flux.usingWhen(Mono.fromCallable(() -> acquire(caller)), share -> work, this::release);
    }

    /** What {@code caller} holds now. */
    public int held(String caller) {
        AtomicInteger n = held.get(caller);
        return n == null ? 0 : n.get();
    }

    private String acquire(String caller) {
        if (all.incrementAndGet() > total) {
            all.decrementAndGet();
            throw ApiException.tooManyRequests(
                    "the service is at its limit of " + total + " " + what + "; retry later", retryAfter);
        }
        AtomicInteger mine = held.computeIfAbsent(caller, c -> new AtomicInteger());
        if (mine.incrementAndGet() > perCaller) {
            mine.decrementAndGet();
            all.decrementAndGet();
            throw ApiException.tooManyRequests(
                    "at most " + perCaller + " " + what + " per caller; retry when one has ended", retryAfter);
        }
        return caller;
    }

    private Mono<Void> release(String caller) {
        return Mono.fromRunnable(() -> {
            held.computeIfPresent(caller, (c, n) -> n.decrementAndGet() == 0 ? null : n);
            all.decrementAndGet();
        });
    }
}
