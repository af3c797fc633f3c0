package cn.jiyuan.integrity.schemas;

import cn.jiyuan.integrity.schemas.avro.AuditedRead;
import cn.jiyuan.integrity.schemas.avro.CorrectionRemedy;
import cn.jiyuan.integrity.schemas.avro.CorrectionStep;
import cn.jiyuan.integrity.schemas.avro.CorrectionStepKind;
import cn.jiyuan.integrity.schemas.avro.CorrectionType;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.FactPerson;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.schemas.avro.IndicatorPart;
import cn.jiyuan.integrity.schemas.avro.Notice;
import cn.jiyuan.integrity.schemas.avro.ObjectionDecided;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.schemas.avro.ObjectionFinding;
import cn.jiyuan.integrity.schemas.avro.ObjectionOverdue;
import cn.jiyuan.integrity.schemas.avro.ObjectionReviewed;
import cn.jiyuan.integrity.schemas.avro.OfficialEvaluation;
import cn.jiyuan.integrity.schemas.avro.OfficialGrade;
import cn.jiyuan.integrity.schemas.avro.OfficialIndicator;
import cn.jiyuan.integrity.schemas.avro.OfficialUnitResult;
import cn.jiyuan.integrity.schemas.avro.ProposedAmendment;
import cn.jiyuan.integrity.schemas.avro.ProposedRemedy;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.ReferenceKind;
import cn.jiyuan.integrity.schemas.avro.ReviewOutcome;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.schemas.avro.UnitScore;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** One filled-in example of every record, with the topic that carries it. */
final class Samples {

    static final Instant AT = Instant.parse("2026-03-01T02:00:00.123Z");
    static final LocalDate DAY = LocalDate.of(2026, 2, 27);

    record Sample(String topic, SpecificRecord record) {}

    private Samples() {}

    static CreditFact creditFact() {
        return CreditFact.newBuilder()
                .setEventId("7f1c7a44-2a59-4c52-9d1e-2b1e0b7b8f10")
                .setUnitId("FGTJJ")
                .setIndicator("4.1")
                .setOutcome("LIGHT_DISCIPLINE")
                .setPoints(null)
                .setPeriod(null)
                .setOccurredOn(DAY)
                .setReference("济纪发〔2026〕3号")
                .setSummary("党风廉政建设 摘要")
                .setPersons(List.of(new FactPerson("欧阳娜娜", "副局长"), new FactPerson("张三", null)))
                .setRecordedAt(AT)
                .setProviderOrg("JGW")
                .setSubmittedBy("jgw-clerk")
                .setLate(false)
                .setDeadline(LocalDate.of(2026, 3, 10))
                .setCatalogVersion("jgb-2022-44")
                .build();
    }

    static List<Sample> all() {
        BigDecimal points = new BigDecimal("2.50");
        return List.of(
                new Sample(IntegrityTopics.CREDIT_EVENTS.name(), creditFact()),
                new Sample(
                        IntegrityTopics.OBJECTIONS.name(),
                        CorrectionStep.newBuilder()
                                .setCorrectionId("c-1")
                                .setEventId("e-1")
                                .setUnitId("FGTJJ")
                                .setProviderOrg("JGW")
                                .setStep(CorrectionStepKind.REQUESTED)
                                .setRemedy(CorrectionRemedy.AMEND)
                                .setOutcome("TALK_OR_CRITICISM")
                                .setPoints(null)
                                .setOccurredOn(DAY)
                                .setText("文号有误")
                                .setBy("jgw-1")
                                .setByOrg("JGW")
                                .setAt(AT)
                                .build()),
                new Sample(
                        IntegrityTopics.AUDIT.name(),
                        new AuditedRead(
                                "objection-service",
                                AT,
                                "jgw-1",
                                "JGW",
                                "PROVIDER",
                                null,
                                "GET",
                                "/api/v1/objections?status=AWAITING_PROVIDER",
                                null,
                                200)),
                new Sample(
                        IntegrityTopics.CREDIT_EVENTS.name(),
                        new DebtorListing(
                                "l-1", "(2026)豫96执1号", "FGTJJ", DebtorListingStatus.LISTED, AT, "SFY", "sfy")),
                new Sample(IntegrityTopics.UNITS.name(), new UnitRegistration("FGTJJ", "发展改革和统计局", true, AT, "xyb")),
                new Sample(
                        IntegrityTopics.OBJECTIONS.name(),
                        new ObjectionFiled("o-1", "e-1", "FGTJJ", "4.1", "JGW", "不属实", DAY, "u", "FGTJJ", AT)),
                new Sample(
                        IntegrityTopics.OBJECTIONS.name(),
                        new ObjectionDecided(
                                "o-1",
                                "e-1",
                                "FGTJJ",
                                ObjectionFinding.TRUE,
                                ProposedRemedy.AMEND,
                                new ProposedAmendment("TALK_OR_CRITICISM", null, DAY, null),
                                "经核查",
                                "p",
                                "JGW",
                                AT)),
                new Sample(
                        IntegrityTopics.OBJECTIONS.name(),
                        new ObjectionReviewed(
                                "o-1", "e-1", "FGTJJ", ReviewOutcome.RETURN, "证据不足", DAY, "c", "XYB", AT)),
                new Sample(
                        IntegrityTopics.OBJECTIONS.name(), new ObjectionOverdue("o-1", "e-1", "FGTJJ", "JGW", DAY, AT)),
                new Sample(
                        IntegrityTopics.OBJECTIONS.name(),
                        new FactCorrected(
                                "o-1", "e-1", "FGTJJ", CorrectionType.AMEND, "DEDUCTED", points, DAY, "2026", "c", AT)),
                new Sample(
                        IntegrityTopics.UNIT_SCORES.name(),
                        new UnitScore(
                                "FGTJJ",
                                DAY,
                                new BigDecimal("97.50"),
                                new BigDecimal("97.50"),
                                false,
                                true,
                                List.of(new IndicatorPart("1.1", new BigDecimal("0.00"), new BigDecimal("2.00"))),
                                "jgb-2022-44",
                                AT)),
                new Sample(
                        IntegrityTopics.GRADE_CHANGES.name(),
                        new GradeChange(
                                "6f0c7c1e-3d52-4f3a-9a51-2b8f3c1d9e01",
                                "FGTJJ",
                                CreditGrade.EXCELLENT,
                                CreditGrade.GOOD,
                                new BigDecimal("101.00"),
                                9,
                                AT,
                                DAY)),
                new Sample(
                        IntegrityTopics.EVALUATIONS.name(),
                        OfficialEvaluation.newBuilder()
                                .setYear(2025)
                                .setVersion(1)
                                .setAsOf(LocalDate.of(2025, 12, 31))
                                .setCatalogVersion("jgb-2022-44")
                                .setChecksum("9f".repeat(32))
                                .setFrozenAt(AT)
                                .setFrozenBy("xyb")
                                .setPublishedAt(AT)
                                .setPublishedBy("xyb")
                                .setPublicityEndsOn(DAY)
                                .setUnitCount(1)
                                .setPart(1)
                                .setParts(1)
                                .setUnits(List.of(new OfficialUnitResult(
                                        "FGTJJ",
                                        "发展改革和统计局",
                                        new BigDecimal("97.50"),
                                        new BigDecimal("97.50"),
                                        OfficialGrade.GOOD,
                                        3,
                                        false,
                                        List.of(new OfficialIndicator(
                                                "1.1", new BigDecimal("0.00"), new BigDecimal("2.00"))),
                                        List.of("6f0c7c1e-3d52-4f3a-9a51-2b8f3c1d9e01"))))
                                .build()),
                new Sample(
                        IntegrityTopics.NOTIFICATIONS.name(),
                        new Notice(
                                "0b0c7c1e-3d52-4f3a-9a51-2b8f3c1d9e01",
                                "SFJ",
                                "PROVIDER",
                                "OBJECTION_FILED",
                                "收到异议",
                                "单位 FGTJJ 对信息提出异议，请于 2026年3月6日 前核查。",
                                "/provider/pending",
                                "FGTJJ",
                                "obj-1",
                                "6f0c7c1e-3d52-4f3a-9a51-2b8f3c1d9e01",
                                AT)),
                new Sample(
                        IntegrityTopics.REFERENCE_DATA.name(),
                        new ReferenceDocument(
                                "1c0c7c1e-3d52-4f3a-9a51-2b8f3c1d9e01",
                                ReferenceKind.CALENDAR_NOTICE,
                                "2027",
                                "{\"years\":{\"2027\":{\"off\":[\"01-01\"],\"makeUp\":[]}}}",
                                "ab".repeat(32),
                                "国办发明电〔2026〕7号",
                                null,
                                "xyb",
                                AT)));
    }
}
