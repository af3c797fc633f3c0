package cn.jiyuan.integrity.rules.bench;

import cn.jiyuan.integrity.rules.RandomFacts;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.validation.FactSubmission;
import cn.jiyuan.integrity.rules.validation.RecordCheck;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Credit facts checked per second by {@link RecordCheck#creditFact} — what every consumer pays per record before it
 * applies it — on 10,000 valid facts over every indicator and outcome, one thread; with the default compilers (the
 * services) and with C1 only (the replay's JVM, {@code run.sh replay}). Run by hand:
 * {@code ./mvnw -pl rules -Pbench test-compile exec:exec -Djmh.args=RecordCheckBenchmark}; results in
 * docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@State(Scope.Benchmark)
public class RecordCheckBenchmark {

    static final int FACTS = 10_000;
    static final LocalDate DATE = LocalDate.of(2026, 11, 26);

    private final RecordCheck check = RecordCheck.standard();
    private final List<FactSubmission> facts = new ArrayList<>(FACTS);
    private final List<CreditFact> recorded = new ArrayList<>(FACTS);

    @Setup(Level.Trial)
    public void setUp() {
        RandomFacts gen = new RandomFacts(42);
        Catalogs catalogs = Catalogs.standard();
        while (recorded.size() < FACTS) {
            CreditFact f = gen.creditFact("U" + recorded.size() % 500, DATE);
            Indicator indicator =
                    catalogs.inForce(DATE).indicator(f.indicator()).orElseThrow();
            String provider = indicator.selfReported()
                    ? f.unitId()
                    : indicator.providers().iterator().next();
            String period = f.period() == null ? null : periodOf(indicator, f.occurredOn());
            FactSubmission s = new FactSubmission(
                    f.eventId(),
                    f.unitId(),
                    f.indicator(),
                    f.outcome(),
                    f.points(),
                    period,
                    f.occurredOn(),
                    null,
                    null,
                    null);
            CreditFact fact = new CreditFact(
                    f.eventId(),
                    f.unitId(),
                    f.indicator(),
                    f.outcome(),
                    f.points(),
                    period,
                    f.occurredOn(),
                    f.recordedAt(),
                    provider);
            if (check.creditFact(s, provider, f.recordedAt(), f.recordedAt().toEpochMilli())
                    .isEmpty()) {
                facts.add(s);
                recorded.add(fact);
            }
        }
    }

    private static String periodOf(Indicator indicator, LocalDate on) {
        return switch (indicator.frequency()) {
            case QUARTERLY -> on.getYear() + "-Q" + (1 + (on.getMonthValue() - 1) / 3);
            case HALF_YEARLY -> on.getYear() + "-H" + (on.getMonthValue() <= 6 ? 1 : 2);
            case MONTHLY -> "%d-%02d".formatted(on.getYear(), on.getMonthValue());
            default -> String.valueOf(on.getYear());
        };
    }

    private void checkAll(Blackhole bh) {
        for (int i = 0; i < FACTS; i++) {
            CreditFact f = recorded.get(i);
            bh.consume(check.creditFact(
                    facts.get(i),
                    f.providerOrg(),
                    f.recordedAt(),
                    f.recordedAt().toEpochMilli()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FACTS)
    @Fork(
            value = 2,
            jvmArgs = {"-Xms1g", "-Xmx1g"})
    public void tenThousandFacts(Blackhole bh) {
        checkAll(bh);
    }

    @Benchmark
    @OperationsPerInvocation(FACTS)
    @Fork(
            value = 2,
            jvmArgs = {"-Xms1g", "-Xmx1g", "-XX:TieredStopAtLevel=1"})
    public void tenThousandFactsWithC1Only(Blackhole bh) {
        checkAll(bh);
    }
}
