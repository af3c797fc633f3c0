package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code run.sh bench-scoring load --facts=1000000 --units=5000 [--history=true]}: writes registrations and credit facts straight onto
 * the local broker's topics, as ingest would have (docs/benchmarks.md, issue 4). A deterministic mix over the
 * indicators whose effects the fold treats differently (CASE, DEDUCT, ASSESS, SET, PENALTY, BONUS), occurredOn over
 * the last four years so that some facts are outside the window. For benchmarks only.
 */
final class ScoringLoad {

    private static final String[][] MIX = {
        {"1.1", "ENFORCEMENT_REVOKED", null},
        {"2.1", "DEDUCTED", "0.5"},
        {"2.3", "ASSESSED", "3.5"},
        {"4.1", "TALK_OR_CRITICISM", null},
        {"4.6", "TIER_2", null},
        {"5.3", "ASSESSED", "5.5"},
        {"5.3", "DOUBLE_PUBLICITY_LATE", null},
        {"6.4", "PENALISED", "1.5"},
        {"7.2", "JIYUAN", null},
        {"7.4", "PREFECTURE", null}
    };

    private static final Catalog CATALOG = Catalogs.standard().inForce(ChinaTime.dateOf(Instant.now()));

    private ScoringLoad() {}

    static int run(String[] args, PrintStream out) {
        Map<String, String> o = Bench.options(args);
        long facts = Long.parseLong(o.getOrDefault("facts", "1000000"));
        int units = Integer.parseInt(o.getOrDefault("units", "5000"));
        String bootstrap = o.getOrDefault("bootstrap", "127.0.0.1:9092");
        // --history: as if reported over the years — units registered on 2021-01-04, each fact recorded three days
        // after it occurred — so that time travel (query service) has a past to look at.
        boolean history = Boolean.parseBoolean(o.getOrDefault("history", "false"));
        Instant registeredAt =
                history ? LocalDate.of(2021, 1, 4).atStartOfDay(ChinaTime.ZONE).toInstant() : null;
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                262144,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "none");
        Random random = new Random(42);
        LocalDate today = ChinaTime.dateOf(Instant.now());
        long t0 = System.nanoTime();
        try (KafkaProducer<String, SpecificRecord> producer =
                new KafkaProducer<>(props, new StringSerializer(), new AvroSingleObjectSerializer())) {
            for (int u = 0; u < units; u++) {
                String unit = unit(u);
                producer.send(new ProducerRecord<>(
                        IntegrityTopics.UNITS.name(),
                        unit,
                        new UnitRegistration(unit, "压测单位" + u, true, history ? registeredAt : Instant.now(), "bench")));
            }
            for (long i = 0; i < facts; i++) {
                String unit = unit((int) (i % units));
                String[] m = MIX[random.nextInt(MIX.length)];
                LocalDate on = today.minusDays(1 + random.nextInt(4 * 365));
                CreditFact fact = CreditFact.newBuilder()
                        .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                        .setUnitId(unit)
                        .setIndicator(m[0])
                        .setOutcome(m[1])
                        .setPoints(m[2] == null ? null : new BigDecimal(m[2]).setScale(2))
                        .setPeriod(period(m[0], m[1], on))
                        .setOccurredOn(on)
                        .setReference("压测〔" + on.getYear() + "〕" + i + "号")
                        .setSummary("压测数据")
                        .setPersons(List.of())
                        .setRecordedAt(
                                history
                                        ? min(
                                                on.plusDays(3)
                                                        .atTime(10, 0)
                                                        .atZone(ChinaTime.ZONE)
                                                        .toInstant(),
                                                Instant.now())
                                        : Instant.now())
                        .setProviderOrg(provider(m[0], unit))
                        .setSubmittedBy("bench")
                        .setLate(false)
                        .setDeadline(on.plusDays(9))
                        .setCatalogVersion("jgb-2022-44")
                        .build();
                producer.send(new ProducerRecord<>(IntegrityTopics.CREDIT_EVENTS.name(), unit, fact));
                if (i > 0 && i % 200_000 == 0) {
                    out.printf("  %,d facts sent%n", i);
                }
            }
            producer.flush();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        out.printf("loaded %,d units and %,d facts in %.1f s (%,.0f facts/s, acks=all)%n", units, facts, s, facts / s);
        return 0;
    }

    /** The org that reports the indicator (the consumers refuse a fact from anyone else): the unit for 7.2/7.4. */
    private static String provider(String indicator, String unit) {
        Indicator i = CATALOG.indicator(indicator).orElseThrow();
        return i.selfReported()
                ? unit
                : i.providers().stream().sorted().findFirst().orElseThrow();
    }

    /** The period an ASSESS or SET outcome must name, of the indicator's frequency. */
    private static String period(String indicator, String outcome, LocalDate on) {
        Indicator i = CATALOG.indicator(indicator).orElseThrow();
        if (!i.outcome(outcome).orElseThrow().effect().takesPeriod()) {
            return null;
        }
        return switch (i.frequency()) {
            case QUARTERLY -> on.getYear() + "-Q" + ((on.getMonthValue() - 1) / 3 + 1);
            case HALF_YEARLY -> on.getYear() + "-H" + (on.getMonthValue() <= 6 ? 1 : 2);
            default -> Integer.toString(on.getYear());
        };
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String unit(int u) {
        return String.format("BENCH%05d", u);
    }
}
