package cn.jiyuan.integrity.rules;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** Test data builders: {@code Facts.fact("1.1", "ENFORCEMENT_REVOKED").on("2025-05-01").build()}. */
public final class Facts {

    public static final String UNIT = "FGTJJ";

    private Facts() {}

    /** 10:00 China time on {@code date}. */
    public static Instant chinaMorning(String date) {
        return LocalDate.parse(date)
                .atTime(LocalTime.of(10, 0))
                .atZone(ChinaTime.ZONE)
                .toInstant();
    }

    public static Builder fact(String indicator, String outcome) {
        return new Builder(indicator, outcome);
    }

    public static DebtorListing listing(String caseNumber, DebtorStatus status, String recordedOn) {
        return new DebtorListing(
                UUID.nameUUIDFromBytes((caseNumber + status + recordedOn).getBytes())
                        .toString(),
                caseNumber,
                UNIT,
                status,
                chinaMorning(recordedOn),
                "SFY");
    }

    public static Correction deletion(CreditFact fact, String recordedOn) {
        return new Correction(
                "obj-del-" + fact.eventId(),
                fact.eventId(),
                fact.unitId(),
                CorrectionKind.DELETE,
                null,
                chinaMorning(recordedOn));
    }

    public static Correction amendment(CreditFact fact, Amendment amendment, String recordedOn) {
        return new Correction(
                "obj-amd-" + fact.eventId() + "-" + recordedOn,
                fact.eventId(),
                fact.unitId(),
                CorrectionKind.AMEND,
                amendment,
                chinaMorning(recordedOn));
    }

    public static final class Builder {
        private final String indicator;
        private final String outcome;
        private String eventId = UUID.randomUUID().toString();
        private String unitId = UNIT;
        private BigDecimal points;
        private String period;
        private LocalDate occurredOn = LocalDate.of(2026, 1, 15);
        private Instant recordedAt;
        private String provider = "XYB";

        private Builder(String indicator, String outcome) {
            this.indicator = indicator;
            this.outcome = outcome;
        }

        public Builder id(String eventId) {
            this.eventId = eventId;
            return this;
        }

        public Builder unit(String unitId) {
            this.unitId = unitId;
            return this;
        }

        public Builder points(String points) {
            this.points = new BigDecimal(points);
            return this;
        }

        public Builder period(String period) {
            this.period = period;
            return this;
        }

        /** occurredOn; recorded the next morning unless {@link #recorded} says otherwise. */
        public Builder on(String date) {
            this.occurredOn = LocalDate.parse(date);
            return this;
        }

        public Builder recorded(String date) {
            this.recordedAt = chinaMorning(date);
            return this;
        }

        public Builder recordedAt(Instant at) {
            this.recordedAt = at;
            return this;
        }

        public Builder by(String provider) {
            this.provider = provider;
            return this;
        }

        public CreditFact build() {
            Instant at = recordedAt != null
                    ? recordedAt
                    : chinaMorning(occurredOn.plusDays(1).toString());
            return new CreditFact(eventId, unitId, indicator, outcome, points, period, occurredOn, at, provider);
        }
    }
}
