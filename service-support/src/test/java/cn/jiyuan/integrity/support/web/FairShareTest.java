package cn.jiyuan.integrity.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class FairShareTest {

    private final FairShare share = new FairShare("computations", 2, 3, Duration.ofSeconds(2));

    @Test
    void aCallerOverItsShareGets429WithRetryAfter_andGetsItBackWhenOneEnds() {
        Sinks.One<String> first = Sinks.one();
        var a = share.run("KJZ", first.asMono()).subscribe();
        var b = share.run("KJZ", Mono.<String>never()).subscribe();
        assertThat(share.held("KJZ")).isEqualTo(2L);

        Refusal refused = catchThrowableOfType(
                Refusal.class, () -> share.run("KJZ", Mono.just("third")).block());
        assertThat(refused.kind()).isEqualTo(Refusal.Kind.TOO_MANY_REQUESTS);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        // Another caller is not held up by KJZ.
        assertThat(share.run("SFJ", Mono.just("ok")).block()).isEqualTo("ok");

        first.tryEmitValue("done");
        assertThat(share.held("KJZ")).isEqualTo(1L);
        assertThat(share.run("KJZ", Mono.just("again")).block()).isEqualTo("again");
        b.dispose(); // a cancelled subscriber gives its share back too
        assertThat(share.held("KJZ")).isZero();
        a.dispose();
    }

    @Test
    void theWholeIsBoundedToo() {
        var held = new ArrayList<Disposable>();
        held.add(share.run("A", Mono.never()).subscribe());
        held.add(share.run("B", Mono.never()).subscribe());
        held.add(share.run("C", Mono.never()).subscribe());
        assertThat(catchThrowableOfType(
                        Refusal.class, () -> share.run("D", Mono.just("x")).block()))
                .hasMessageContaining("limit of 3");
        held.forEach(Disposable::dispose);
        assertThat(share.run("D", Mono.just("x")).block()).isEqualTo("x");
    }
}
