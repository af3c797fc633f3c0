package cn.jiyuan.integrity.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
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
