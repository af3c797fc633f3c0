package cn.jiyuan.integrity.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class GroupCommitTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A write per call, completed by the test: records what each write got. */
    private static final class Writes {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final List<Sinks.One<List<Integer>>> pending = new CopyOnWriteArrayList<>();

        Mono<List<Integer>> write(List<String> items) {
            calls.add(List.copyOf(items));
            Sinks.One<List<Integer>> done = Sinks.one();
            pending.add(done);
            return done.asMono();
        }

        void answer(int call) {
            pending.get(call)
                    .tryEmitValue(calls.get(call).stream().map(String::length).toList());
        }
    }

    @Test
    void submissionsArrivingDuringAWriteGoTogetherIntoTheNextAndEachGetsItsOwnResults() {
        Writes writes = new Writes();
        GroupCommit<String, Integer> group = new GroupCommit<>(writes::write, 100);

        var first = group.submit(List.of("a")).toFuture();
        var second = group.submit(List.of("bb", "ccc")).toFuture();
        var third = group.submit(List.of("dddd")).toFuture();
        assertThat(writes.calls).containsExactly(List.of("a"));

        writes.answer(0);
        assertThat(first.join()).containsExactly(1);
        assertThat(writes.calls).containsExactly(List.of("a"), List.of("bb", "ccc", "dddd"));
        assertThat(second).isNotDone();

        writes.answer(1);
        assertThat(second.join()).containsExactly(2, 3);
        assertThat(third.join()).containsExactly(4);
    }

    @Test
    void aGroupStopsAtMaxItemsButNeverSplitsASubmission() {
        Writes writes = new Writes();
        GroupCommit<String, Integer> group = new GroupCommit<>(writes::write, 3);

        group.submit(List.of("a")).toFuture();
        var big = group.submit(List.of("b", "c", "d", "e")).toFuture();
        var after = group.submit(List.of("f")).toFuture();
        writes.answer(0);
        assertThat(writes.calls.get(1)).containsExactly("b", "c", "d", "e");
        writes.answer(1);
        assertThat(big.join()).hasSize(4);
        assertThat(writes.calls.get(2)).containsExactly("f");
        writes.answer(2);
        assertThat(after.join()).containsExactly(1);
    }

    /** Probe D3: a NUL in one caller's token failed the audit rows of every read that shared its statement. */
    @Test
    void aBadRowFailsOnlyItsOwnSubmissionTheOthersInItsGroupAreWrittenAlone() {
        Writes gate = new Writes();
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        GroupCommit<String, Integer> group = new GroupCommit<>(
                items -> {
                    calls.add(items);
                    if (calls.size() == 1) {
                        return gate.write(items); // the first write is held, so the next three form one group
                    }
                    return items.contains("bad\u0000")
                            ? Mono.error(new DataIntegrityViolationException("invalid byte"))
                            : Mono.just(items.stream().map(String::length).toList());
                },
                10);
        var held = group.submit(List.of("a")).toFuture();
        var before = group.submit(List.of("bb")).toFuture();
        var bad = group.submit(List.of("bad\u0000")).toFuture();
        var after = group.submit(List.of("dddd")).toFuture();
        gate.answer(0);

        assertThat(held.join()).containsExactly(1);
        assertThat(before.join()).containsExactly(2);
        assertThat(after.join()).containsExactly(4);
        assertThatThrownBy(bad::join).hasMessageContaining("invalid byte");
        assertThat(calls.get(1)).containsExactly("bb", "bad\u0000", "dddd"); // tried together first
    }

    @Test
    void aWriteThatFailsForWantOfTheDatabaseFailsItsWholeGroupAtOnce() {
        Writes gate = new Writes();
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        GroupCommit<String, Integer> group = new GroupCommit<>(
                items -> {
                    calls.add(items);
                    return calls.size() == 1
                            ? gate.write(items)
                            : Mono.error(new DataAccessResourceFailureException("down"));
                },
                10);
        group.submit(List.of("a")).toFuture();
        var one = group.submit(List.of("b")).toFuture();
        var two = group.submit(List.of("c")).toFuture();
        gate.answer(0);
        assertThatThrownBy(one::join).hasMessageContaining("down");
        assertThatThrownBy(two::join).hasMessageContaining("down");
        assertThat(calls).hasSize(2);
    }

    @Test
    void aFailedWriteFailsEverySubmissionInItAndTheNextGroupStillRuns() {
        List<List<String>> calls = new ArrayList<>();
        GroupCommit<String, Integer> group = new GroupCommit<>(
                items -> {
                    calls.add(items);
                    return items.contains("bad")
                            ? Mono.error(new IllegalStateException("database down"))
                            : Mono.just(items.stream().map(String::length).toList());
                },
                10);

        assertThatThrownBy(() -> group.submit(List.of("bad", "x")).block(WAIT)).hasMessageContaining("database down");
        assertThat(group.submit(List.of("ok")).block(WAIT)).containsExactly(2);
        assertThat(calls).hasSize(2);
    }

    @Test
    void aWriteThatAnswersTheWrongNumberOfResultsOrNoneFailsItsCallersInsteadOfLeavingThemWaiting() {
        GroupCommit<String, Integer> wrongCount = new GroupCommit<>(items -> Mono.just(List.of()), 10);
        assertThatThrownBy(() -> wrongCount.submit(List.of("a")).block(WAIT)).hasMessageContaining("0 results");

        GroupCommit<String, Integer> empty = new GroupCommit<>(items -> Mono.empty(), 10);
        assertThatThrownBy(() -> empty.submit(List.of("a")).block(WAIT)).hasMessageContaining("without results");

        GroupCommit<String, Integer> throwing = new GroupCommit<>(
                items -> {
                    throw new IllegalArgumentException("cannot build the statement");
                },
                10);
        assertThatThrownBy(() -> throwing.submit(List.of("a")).block(WAIT)).hasMessageContaining("cannot build");
        assertThat(throwing.submit(List.of()).block(WAIT)).isEmpty();
    }
}
