package cn.jiyuan.integrity.rules.bench;

import cn.jiyuan.integrity.rules.RandomFacts;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
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
 * Facts folded per second (throughput is per fact: {@link OperationsPerInvocation} = facts per invocation), one thread.
 * Run by hand: {@code ./mvnw -pl rules -Pbench test-compile exec:exec}; results in docs/benchmarks.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 2,
        jvmArgs = {"-Xms2g", "-Xmx2g"})
@Threads(1)
@State(Scope.Benchmark)
public class FoldBenchmark {

    static final int FACTS_PER_UNIT = 50;
    static final int UNITS = 10_000;
    static final LocalDate DATE = LocalDate.of(2026, 11, 26);

    private final ScoreFold fold = ScoreFold.standard();
    private List<Fact> oneUnit;
    private List<List<Fact>> manyUnits;

    @Setup(Level.Trial)
    public void setUp() {
        RandomFacts gen = new RandomFacts(42);
        oneUnit = gen.unitHistory("U0", FACTS_PER_UNIT, DATE);
        manyUnits = new ArrayList<>(UNITS);
        for (int u = 0; u < UNITS; u++) {
            manyUnits.add(gen.unitHistory("U" + u, FACTS_PER_UNIT, DATE));
        }
    }

    @Benchmark
    @OperationsPerInvocation(FACTS_PER_UNIT)
    public Object oneUnitOfFiftyFacts() {
        return fold.score("U0", oneUnit, DATE);
    }

    @Benchmark
    @OperationsPerInvocation(FACTS_PER_UNIT * UNITS)
    public void tenThousandUnitsOfFiftyFacts(Blackhole bh) {
        for (int u = 0; u < UNITS; u++) {
            bh.consume(fold.score("U" + u, manyUnits.get(u), DATE));
        }
    }

    /** The same units folded for a ranking: the score alone, no state per fact (ScoreFold.scoreOnly). */
    @Benchmark
    @OperationsPerInvocation(FACTS_PER_UNIT * UNITS)
    public void tenThousandUnitsOfFiftyFactsScoreOnly(Blackhole bh) {
        for (int u = 0; u < UNITS; u++) {
            bh.consume(fold.scoreOnly("U" + u, manyUnits.get(u), DATE));
        }
    }
}
