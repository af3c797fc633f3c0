package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.query.notices.NoticeStore;
import cn.jiyuan.integrity.query.notices.Notifier;
import cn.jiyuan.integrity.query.reporting.ReportingReports;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.schemas.avro.Notice;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionOverdue;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.MutableClock;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TestTokens;
import cn.jiyuan.integrity.support.testing.TopicReader;
import cn.jiyuan.integrity.support.work.Signal;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Issue 16 §4: who is told what — in the inbox, on the topic and by e-mail (GreenMail on 127.0.0.1) — and each notice
 * made once, whatever reads the records again.
 */
class NoticesIntegrationTest extends QueryTestBase {

    @Autowired
    NoticeStore store;

    @Autowired
    TransactionalOperator tx;

    /** A notifier beside the application's, on {@code time}, telling of records at most 7 days old. */
    private Notifier notifier(Clock time, BooleanSupplier evaluatedToday) {
        return new Notifier(
                db,
                tx,
                store,
                new ReportingReports(model, Catalogs.standard(), WorkdayCalendar.standard()),
                Catalogs.standard(),
                WorkdayCalendar.standard(),
                time,
                Duration.ofDays(7),
                new Signal(),
                evaluatedToday);
    }

    /**
     * A clock {@code yearsAgo} years back (a year no other notifier here checks, one for each test) and a unit taking
     * part all that year, assessed by no one.
     */
    private MutableClock aYearAssessedByNoOne(int yearsAgo) {
        MutableClock time = new MutableClock();
        time.setTo(clock.instant().minus(Duration.ofDays(yearsAgo * 365L)));
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo((yearsAgo + 1) * 365));
        awaitApplied(unit, 1);
        return time;
    }

    /** {@code statement} (a count, a delete) over the notices of missing assessments in the year of {@code time}. */
    private static String missingIn(MutableClock time, String statement) {
        int year = ChinaTime.dateOf(time.instant()).getYear();
        return statement + " FROM notices WHERE notice_key LIKE 'missing|%|" + year + "%'";
    }

    /**
     * The day's check of missing periodic assessments folds every unit: after a start it waits until the read model
     * has evaluated today, instead of reading every fact back beside that evaluation; then it is made once that day.
     */
    @Test
    void theDaysCheckOfMissingAssessmentsWaitsUntilTodayIsEvaluated() {
        MutableClock time = aYearAssessedByNoOne(3);
        AtomicBoolean evaluatedToday = new AtomicBoolean();
        Notifier notifier = notifier(time, evaluatedToday::get);
        String missingThatYear = missingIn(time, "SELECT count(*)");

        notifier.step();
        assertThat(count(missingThatYear)).isZero();

        evaluatedToday.set(true);
        notifier.step();
        long made = count(missingThatYear);
        assertThat(made).isPositive();
        notifier.step();
        assertThat(count(missingThatYear)).isEqualTo(made);
    }

    /**
     * The check folds every unit (a minute at a province's size): it is made once a day by whichever instance comes
     * first, not again by another instance or after a restart. Its notices are deleted here to see whether it was.
     */
    @Test
    void theDaysCheckOfMissingAssessmentsIsMadeOnceADayWhicheverInstanceMakesIt() {
        MutableClock time = aYearAssessedByNoOne(2);
        String missingThatYear = missingIn(time, "SELECT count(*)");
        String deleteThem = missingIn(time, "DELETE");

        notifier(time, () -> true).step();
        assertThat(count(missingThatYear)).isPositive();
        db.sql(deleteThem).then().block(Duration.ofSeconds(10));

        notifier(time, () -> true).step(); // another instance, or this one restarted
        assertThat(count(missingThatYear)).isZero();

        time.setTo(time.instant().plus(Duration.ofDays(1)));
        notifier(time, () -> true).step();
        assertThat(count(missingThatYear)).isPositive();
    }

    @Test
    void aUnitItsProviderAndTheCreditOfficeAreToldOnceInTheInboxOnTheTopicAndByMail() throws Exception {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(60));
        CreditFact imported = CreditFact.newBuilder(
                        Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(50)))
                .setRecordedAt(daysAgo(40)) // history: nothing new to tell
                .build();
        CreditFact fact = CreditFact.newBuilder(
                        Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(2)))
                .setProviderOrg("SFJ")
                .build();
        String objectionId = "obj-" + UUID.randomUUID();
        var dueOn = today().plusDays(1); // within two working days: reminded at once
        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.NOTIFICATIONS)) {
            events.send(imported, unit);
            events.send(fact, unit);
            events.send(
                    new ObjectionFiled(
                            objectionId,
                            fact.getEventId(),
                            unit,
                            "1.1",
                            "SFJ",
                            "该决定已撤销",
                            dueOn,
                            "u",
                            unit,
                            Events.now()),
                    unit);
            events.send(new ObjectionOverdue(objectionId, fact.getEventId(), unit, "SFJ", dueOn, Events.now()), unit);
            events.send(
                    IntegrityTopics.GRADE_CHANGES.name(),
                    unit,
                    new GradeChange(
                            UUID.randomUUID().toString(),
                            unit,
                            CreditGrade.GOOD,
                            CreditGrade.FAIR,
                            new BigDecimal("79.00"),
                            40,
                            Events.now(),
                            today()));

            String unitToken = TestTokens.token(unit, "UNIT");
            Map<?, ?> unitInbox = await().until(
                            () -> ok("/api/v1/notices", unitToken),
                            inbox -> kinds(inbox).containsAll(List.of("NEW_FACT", "GRADE_CHANGED")));
            assertThat(kinds(unitInbox)).containsExactlyInAnyOrder("NEW_FACT", "GRADE_CHANGED"); // not the import
            assertThat(unitInbox.get("unread")).isEqualTo(2);
            Map<?, ?> newFact = notice(unitInbox, "NEW_FACT");
            assertThat(newFact.get("eventId")).isEqualTo(fact.getEventId());
            assertThat((String) newFact.get("text")).contains("司法局", "行政执法行为被撤销");
            assertThat((String) notice(unitInbox, "GRADE_CHANGED").get("subject"))
                    .contains("较好 → 一般");

            String sfj = TestTokens.token("SFJ", "PROVIDER");
            Map<?, ?> sfjInbox = await().until(
                            () -> ok("/api/v1/notices?unread=true&limit=1000", sfj),
                            inbox -> ofObjection(inbox, objectionId).size() >= 3);
            assertThat(ofObjection(sfjInbox, objectionId))
                    .containsExactlyInAnyOrder("OBJECTION_FILED", "OBJECTION_DUE_SOON", "OBJECTION_OVERDUE");
            Map<?, ?> office = await().until(
                            () -> ok("/api/v1/notices?limit=1000", creditOffice()),
                            inbox -> ofObjection(inbox, objectionId).contains("OBJECTION_OVERDUE_OFFICE"));
            assertThat(ofObjection(office, objectionId)).containsExactly("OBJECTION_OVERDUE_OFFICE");

            // On the topic, keyed by the recipient's org: read until all four kinds are in, since the office's notice
            // is on another partition than the provider's and may come before them.
            Set<String> kindsRead = new HashSet<>();
            var records = topic.readUntil(v -> v instanceof Notice n
                    && objectionId.equals(n.getObjectionId())
                    && kindsRead.add(n.getKind())
                    && kindsRead.size() == 4);
            assertThat(records)
                    .filteredOn(r -> objectionId.equals(((Notice) r.value()).getObjectionId()))
                    .extracting(r -> r.key() + ":" + ((Notice) r.value()).getKind())
                    .containsExactlyInAnyOrder(
                            "SFJ:OBJECTION_FILED",
                            "SFJ:OBJECTION_DUE_SOON",
                            "SFJ:OBJECTION_OVERDUE",
                            "XYB:OBJECTION_OVERDUE_OFFICE");

            // By mail to the addresses of SFJ and XYB (the unit has none configured).
            await().until(() -> mailsAbout(objectionId).size() >= 4);
            List<MimeMessage> mails = mailsAbout(objectionId);
            assertThat(mails).hasSize(4);
            assertThat(mails)
                    .extracting(m -> m.getAllRecipients()[0].toString())
                    .containsOnly("sfj@jiyuan.test", "xyb@jiyuan.test");
            assertThat(mails).anySatisfy(m -> assertThat(m.getSubject()).contains("收到异议"));
        }

        // Reading every record again — another instance, a restart from position 0 — makes nothing new.
        // (other tests' records may still be making their first notices meanwhile: count this unit's)
        String aboutTheUnit = "SELECT count(*) FROM notices WHERE unit_id = '" + unit + "'";
        long before = count(aboutTheUnit);
        assertThat(before).isEqualTo(6);
        db.sql("UPDATE notifier_position SET seq = 0").then().block();
        notifier(clock, () -> true).step();
        assertThat(count(aboutTheUnit)).isEqualTo(before);
        // whatever it made (the periods its own first look found missing) is relayed, and nothing twice
        await().until(() -> count("SELECT count(*) FROM notices WHERE sent_at IS NULL OR mailed_at IS NULL") == 0);
        assertThat(mailsAbout(objectionId)).hasSize(4);

        // Marking read is for the organisation the notice is addressed to.
        String unitToken = TestTokens.token(unit, "UNIT");
        String id =
                (String) notice(ok("/api/v1/notices", unitToken), "NEW_FACT").get("noticeId");
        http.post()
                .uri("/api/v1/notices/" + id + "/read")
                .header("Authorization", "Bearer " + TestTokens.token("KJZ", "UNIT"))
                .exchange()
                .expectStatus()
                .isNotFound();
        http.post()
                .uri("/api/v1/notices/" + id + "/read")
                .header("Authorization", "Bearer " + unitToken)
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(ok("/api/v1/notices", unitToken).get("unread")).isEqualTo(1);
        assertProblem(get("/api/v1/notices", consumer("CZJ"), "HONOURS"), 403, "no inbox");
        assertProblem(get("/api/v1/notices?unread=maybe", unitToken), 400, "unread");
        assertProblem(
                http.post()
                        .uri("/api/v1/notices/x/read")
                        .header("Authorization", "Bearer " + unitToken)
                        .exchange(),
                400,
                "noticeId");
    }

    private List<MimeMessage> mailsAbout(String objectionId) {
        return Arrays.stream(MAIL.getReceivedMessages())
                .filter(m -> {
                    try {
                        return GreenMailUtil.getBody(m).contains(objectionId)
                                || m.getSubject().contains(objectionId)
                                || bodyMentions(m, objectionId);
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    private boolean bodyMentions(MimeMessage m, String objectionId) throws Exception {
        String header = m.getHeader("X-Integrity-Notice", null);
        return header != null
                && count("SELECT count(*) FROM notices WHERE notice_id = '" + header + "' AND objection_id = '"
                                + objectionId + "'")
                        == 1;
    }

    private static List<String> kinds(Map<?, ?> inbox) {
        return ((List<?>) inbox.get("notices"))
                .stream().map(n -> (String) ((Map<?, ?>) n).get("kind")).toList();
    }

    private static List<String> ofObjection(Map<?, ?> inbox, String objectionId) {
        return ((List<?>) inbox.get("notices"))
                .stream()
                        .map(n -> (Map<?, ?>) n)
                        .filter(n -> objectionId.equals(n.get("objectionId")))
                        .map(n -> (String) n.get("kind"))
                        .toList();
    }

    private static Map<?, ?> notice(Map<?, ?> inbox, String kind) {
        return ((List<?>) inbox.get("notices"))
                .stream()
                        .map(n -> (Map<?, ?>) n)
                        .filter(n -> kind.equals(n.get("kind")))
                        .findFirst()
                        .orElseThrow();
    }
}
