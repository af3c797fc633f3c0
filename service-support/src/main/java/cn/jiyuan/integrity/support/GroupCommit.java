package cn.jiyuan.integrity.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit: items submitted while a write is in flight go together into the next write — one statement, one
 * round trip and one WAL flush for many concurrent requests, with no timer and no added wait when the system is idle.
 *
 * <p>The write gets the items of one or more submissions, in submission order, and answers one result per item in the
 * same order. A submission's items always travel in one write (never split); a write holds at least one submission and
 * stops taking more once it has {@code maxItems}.
 *
 * <p>When a write of several submissions fails for something in the data (not because the database is out of reach
 * or busy), each submission is written again on its own: one bad row fails its own caller, never the others who
 * happened to share its statement (probe D3). A write that fails for want of the database fails every submission in
 * it at once.
 */
public final class GroupCommit<T, R> {

    private record Pending<T, R>(List<T> items, Sinks.One<List<R>> done) {}

    private final Function<List<T>, Mono<List<R>>> write;
    private final int maxItems;
    private final Queue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    public GroupCommit(Function<List<T>, Mono<List<R>>> write, int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1");
        }
        this.write = write;
        this.maxItems = maxItems;
    }

    /** Completes with the items' results, in order, once the write that took them has completed. */
    public Mono<List<R>> submit(List<T> items) {
        if (items.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.defer(() -> {
            Sinks.One<List<R>> done = Sinks.one();
            queue.add(new Pending<>(List.copyOf(items), done));
            drain();
            return done.asMono();
        });
    }

    private void drain() {
        if (!writing.compareAndSet(false, true)) {
            return; // the write in flight drains the queue when it completes
        }
        List<Pending<T, R>> group = new ArrayList<>();
        List<T> items = new ArrayList<>();
        for (Pending<T, R> p; items.size() < maxItems && (p = queue.poll()) != null; ) {
            group.add(p);
            items.addAll(p.items());
        }
        if (group.isEmpty()) {
            writing.set(false);
            if (!queue.isEmpty()) {
                drain(); // a submission arrived between the poll and the reset
            }
            return;
        }
        Mono<List<R>> written;
        try {
            written = write.apply(items);
        } catch (RuntimeException e) {
            written = Mono.error(e);
        }
        written.switchIfEmpty(Mono.error(() -> new IllegalStateException("the group write completed without results")))
                .subscribe(results -> complete(group, items.size(), results), error -> {
                    if (group.size() == 1 || unreachable(error)) {
                        group.forEach(p -> p.done().tryEmitError(error));
                        next();
                    } else {
                        alone(group);
                    }
                });
    }

    /** Writes each submission of a failed group on its own, one after another, then goes on with the queue. */
    private void alone(List<Pending<T, R>> group) {
        Flux.fromIterable(group)
                .concatMap(p -> Mono.defer(() -> write.apply(p.items()))
                        .switchIfEmpty(Mono.error(
                                () -> new IllegalStateException("the group write completed without results")))
                        .doOnNext(results -> {
                            if (results.size() == p.items().size()) {
                                p.done().tryEmitValue(Collections.unmodifiableList(new ArrayList<>(results)));
                            } else {
                                p.done()
                                        .tryEmitError(new IllegalStateException(
                                                "the group write answered " + results.size() + " results for "
                                                        + p.items().size() + " items"));
                            }
                        })
                        .onErrorResume(e -> {
                            p.done().tryEmitError(e);
                            return Mono.empty();
                        }))
                .doFinally(signal -> next())
                .subscribe();
    }

    /** The database is out of reach or busy: writing the submissions one by one would only wait longer. */
    private static boolean unreachable(Throwable error) {
        return error instanceof DataAccessResourceFailureException || error instanceof TransientDataAccessException;
    }

    private void complete(List<Pending<T, R>> group, int size, List<R> results) {
        if (results.size() != size) {
            IllegalStateException e = new IllegalStateException(
                    "the group write answered " + results.size() + " results for " + size + " items");
            group.forEach(p -> p.done().tryEmitError(e));
        } else {
            int from = 0;
            for (Pending<T, R> p : group) {
                int to = from + p.items().size();
                p.done().tryEmitValue(Collections.unmodifiableList(new ArrayList<>(results.subList(from, to))));
                from = to;
            }
        }
        next();
    }

    private void next() {
        writing.set(false);
        drain();
    }
}
