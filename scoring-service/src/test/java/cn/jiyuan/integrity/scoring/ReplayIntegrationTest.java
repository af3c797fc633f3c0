package cn.jiyuan.integrity.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.scoring.consumer.ProjectionConsumer;
import cn.jiyuan.integrity.scoring.replay.Checksum;
import cn.jiyuan.integrity.scoring.replay.Commands;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ReplayIntegrationTest extends ScoringTestBase {

    @Autowired
    private ProjectionConsumer consumer;

    private String[] withServiceArguments(String... args) {
        String[] all =
                IntegrationProperties.arguments(SharedKafka.bootstrapServers(), schema, "--scoring.group-id=" + GROUP);
        String[] full = new String[args.length + all.length];
        System.arraycopy(args, 0, full, 0, args.length);
        System.arraycopy(all, 0, full, args.length, all.length);
        return full;
    }

    private String run(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(Commands.run(ScoringApplication.class, withServiceArguments(args)))
                    .isZero();
        } finally {
            System.setOut(before);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        before.println(out);
        return out;
    }

    @Test
    void aReplayRebuildsTheSameProjectionSwitchesOverWhileLiveAndPublishesNothingThatDidNotChange() {
        String unit = Events.newUnitId();
        LocalDate d = today().minusMonths(3);
        events.register(unit, true);
        var fact = Events.fact(unit, "4.4", "DEDUCTED", new BigDecimal("1.5"), d);
        events.send(fact, unit);
        events.send(Events.fact(unit, "7.3", "RANK_2", null, d), unit);
        events.send(Events.listing(unit, "(2026)豫9001执7号", DebtorListingStatus.LISTED), unit);
        events.send(Events.listing(unit, "(2026)豫9001执7号", DebtorListingStatus.SHIELDED), unit);
        events.send(Events.amendment(fact, "DEDUCTED", new BigDecimal("0.5"), d), unit);
        awaitCaughtUp();
        awaitOutboxDrained();
        Checksum.Result live = Checksum.of(db, schema);
        assertThat(row(unit).score()).isEqualByComparingTo("101.50"); // 100 − 0.5 + 2, listing shielded

        String out = run("replay");

        assertThat(out).contains("switched:").contains("(0 record(s) queued");
        Checksum.Result replayed = Checksum.of(db, schema);
        assertThat(replayed.total()).as(out).isEqualTo(live.total());
        assertThat(replayed.rows().get("unit_scores")).isPositive();
        assertThat(db.sql("SELECT built_by FROM meta").fetch().one().block())
                .containsEntry("built_by", "replay by " + System.getProperty("user.name"));

        // The live service carries on in the swapped-in projection.
        events.send(Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(1)), unit);
        await().until(() -> row(unit).score().compareTo(new BigDecimal("99.50")) == 0);

        // And the checksum command agrees with itself on the same projection.
        awaitCaughtUp();
        assertThat(run("checksum")).contains(Checksum.of(db, schema).total());
    }

    /**
     * After a switch-over, the date moves while no record arrives: the live consumer, finding the projection swapped
     * when it re-evaluates, goes on from the new projection's positions and evaluates it for the new day.
     */
    @Test
    void afterASwitchOverTheNextDayIsEvaluatedWithoutWaitingForARecord() {
        String unit = Events.newUnitId();
        events.register(unit, true);
        events.send(Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(3)), unit);
        awaitCaughtUp();
        awaitOutboxDrained();
        assertThat(run("replay")).contains("switched:");

        clock.advance(Duration.ofDays(1));
        try {
            LocalDate tomorrow = today();
            await().until(() -> row(unit).asOf().equals(tomorrow));
            await().until(() -> consumer.failing() == null);
        } finally {
            clock.reset();
        }
        LocalDate back = today();
        await().until(() -> row(unit).asOf().equals(back));
    }

    @Test
    void aReplayAsOfAPastDateBuildsThatDaysProjectionBesideTheLiveOneWithoutSwitching() {
        String unit = Events.newUnitId();
        events.register(unit, true);
        events.send(Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(2)), unit);
        awaitCaughtUp();
        String liveBefore = Checksum.of(db, schema).total();
        LocalDate yesterday = today().minusDays(1);
        String target = schema + "_asof";

        String out = run("replay", "--as-of=" + yesterday, "--target-schema=" + target, "--operator=zhang.san");

        assertThat(out).contains("(no switch)").doesNotContain("switched:");
        assertThat(db.sql("SELECT built_by FROM " + target + ".meta")
                        .map((row, meta) -> row.get("built_by", String.class))
                        .one()
                        .block())
                .isEqualTo("replay by zhang.san");
        Map<String, Object> then = db.sql("SELECT as_of, score FROM " + target + ".unit_scores WHERE unit_id = $1")
                .bind(0, unit)
                .fetch()
                .one()
                .block();
        assertThat(then.get("as_of")).isEqualTo(yesterday);
        // The fact was recorded today: yesterday nobody knew of it.
        assertThat((BigDecimal) then.get("score")).isEqualByComparingTo("100.00");
        assertThat(Checksum.of(db, schema).total()).isEqualTo(liveBefore);
        db.sql("DROP SCHEMA " + target + " CASCADE").then().block();
    }

    /**
     * Audit D3: {@code replay --as-of=D} took every unit's latest registration, so units registered after D, and
     * later renames and deactivations, changed D's units, its quota and its grades.
     */
    @Test
    void aReplayAsOfAPastDateTakesEachUnitAsItWasRegisteredThen() {
        String later = Events.newUnitId(); // registered only today
        String renamed = Events.newUnitId(); // renamed and deactivated today, active before
        Instant tenDaysAgo = Events.now().minus(Duration.ofDays(10));
        // the first registration is only in the history: the compacted directory kept only the latest
        events.send(
                "integrity.unit-registrations.v1",
                renamed,
                new UnitRegistration(renamed, "改名前的单位", true, tenDaysAgo, "xyb"));
        events.send(
                "integrity.units.v1",
                renamed,
                UnitRegistration.newBuilder()
                        .setUnitId(renamed)
                        .setName("改名后的单位")
                        .setActive(false)
                        .setRecordedAt(Events.now())
                        .setRegisteredBy("xyb")
                        .build());
        events.register(later, true);
        awaitCaughtUp();
        LocalDate yesterday = today().minusDays(1);
        String target = schema + "_asof_units";

        run("replay", "--as-of=" + yesterday, "--target-schema=" + target, "--operator=zhang.san");

        Map<String, Object> then = db.sql("SELECT name, active FROM " + target + ".units WHERE unit_id = $1")
                .bind(0, renamed)
                .fetch()
                .one()
                .block();
        assertThat(then.get("active")).isEqualTo(true);
        assertThat(then.get("name")).isEqualTo("改名前的单位");
        assertThat(db.sql("SELECT count(*) AS n FROM " + target + ".grades WHERE unit_id = $1")
                        .bind(0, renamed)
                        .map((row, meta) -> row.get("n", Long.class))
                        .one()
                        .block())
                .isEqualTo(1L); // graded yesterday
        assertThat(db.sql("SELECT count(*) AS n FROM " + target + ".units WHERE unit_id = $1")
                        .bind(0, later)
                        .map((row, meta) -> row.get("n", Long.class))
                        .one()
                        .block())
                .isZero(); // not a unit yet
        db.sql("DROP SCHEMA " + target + " CASCADE").then().block();
    }

    /** Review Z9: {@code --target-schema=query} dropped the query service's schema, its audit log with it. */
    @Test
    void aReplayRefusesEveryTargetButANewSchemaBesideTheLiveProjection() {
        String otherService = schema.substring(0, schema.lastIndexOf('_')) + "_query";
        for (String target : new String[] {"query", "objection", "ingest", "public", schema, otherService}) {
            assertThatThrownBy(() -> Commands.run(
                            ScoringApplication.class,
                            withServiceArguments("replay", "--no-switch", "--target-schema=" + target)))
                    .as(target)
                    .hasMessageContaining("the target schema must be the live one's name with a suffix");
        }
    }
}
