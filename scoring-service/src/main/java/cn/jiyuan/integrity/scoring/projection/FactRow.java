package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code unit_facts}, typed: what the live store inserts and reads back and what the replay's COPY writes,
 * column for column. A credit fact, a debtor listing or a correction share the table; the columns a kind does not use
 * are null.
 *
 * @param status a credit fact's status in its unit's last fold, or null before the first (and for the other kinds)
 * @param partition the topic partition of the unit, which is also the table partition ({@link Partitions#of})
 */
public record FactRow(
        String unitId,
        String factId,
        Kind kind,
        String targetEventId,
        String indicator,
        String outcome,
        BigDecimal points,
        String period,
        LocalDate occurredOn,
        Instant recordedAt,
        String providerOrg,
        String caseNumber,
        DebtorStatus listingStatus,
        CorrectionKind correctionKind,
        FactStatus status,
        int partition) {

    /** The table's columns, in the order of the record's components (and of the COPY's fields). */
    public static final String COLUMNS = "unit_id, fact_id, kind, target_event_id, indicator, outcome, points, period,"
            + " occurred_on, recorded_at, provider_org, case_number, listing_status, correction_kind, status,"
            + " kafka_partition";

    public static final int COLUMN_COUNT = 16;

    /** The kinds of fact in the table, by the one-letter code its {@code kind} column holds. */
    public enum Kind {
        CREDIT_FACT("C"),
        DEBTOR_LISTING("L"),
        CORRECTION("X");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Kind of(String code) {
            return switch (code) {
                case "C" -> CREDIT_FACT;
                case "L" -> DEBTOR_LISTING;
                case "X" -> CORRECTION;
                default -> throw new IllegalStateException("unknown fact kind " + code);
            };
        }
    }

    /** The row of a fact; {@code status} only for a credit fact whose fold is known. */
    public static FactRow of(Fact fact, FactStatus status) {
        return of(fact, status, Partitions.of(FactKeys.unitOf(fact)));
    }

    /** The same, with the unit's partition already known (the replay's COPY, a partition at a time). */
    public static FactRow of(Fact fact, FactStatus status, int partition) {
        String unit = FactKeys.unitOf(fact);
        if (fact instanceof CreditFact c) {
            return new FactRow(
                    unit,
                    c.eventId(),
                    Kind.CREDIT_FACT,
                    null,
                    c.indicator(),
                    c.outcome(),
                    c.points(),
                    c.period(),
                    c.occurredOn(),
                    c.recordedAt(),
                    c.providerOrg(),
                    null,
                    null,
                    null,
                    status,
                    partition);
        }
        if (fact instanceof DebtorListing l) {
            return new FactRow(
                    unit,
                    l.listingId(),
                    Kind.DEBTOR_LISTING,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    l.recordedAt(),
                    l.providerOrg(),
                    l.caseNumber(),
                    l.status(),
                    null,
                    null,
                    partition);
        }
        Correction x = (Correction) fact;
        Amendment a = x.amendment();
        return new FactRow(
                unit,
                x.correctionId(),
                Kind.CORRECTION,
                x.eventId(),
                null,
                a == null ? null : a.outcome(),
                a == null ? null : a.points(),
                a == null ? null : a.period(),
                a == null ? null : a.occurredOn(),
                x.recordedAt(),
                null,
                null,
                null,
                x.kind(),
                null,
                partition);
    }

    /** A row as read from the table (every column but {@code kafka_partition}, which follows from the unit). */
    public static FactRow read(Readable row) {
        String listing = row.get("listing_status", String.class);
        String correction = row.get("correction_kind", String.class);
        String status = row.get("status", String.class);
        String unit = row.get("unit_id", String.class);
        return new FactRow(
                unit,
                row.get("fact_id", String.class),
                Kind.of(row.get("kind", String.class)),
                row.get("target_event_id", String.class),
                row.get("indicator", String.class),
                row.get("outcome", String.class),
                row.get("points", BigDecimal.class),
                row.get("period", String.class),
                row.get("occurred_on", LocalDate.class),
                row.get("recorded_at", OffsetDateTime.class).toInstant(),
                row.get("provider_org", String.class),
                row.get("case_number", String.class),
                listing == null ? null : DebtorStatus.valueOf(listing),
                correction == null ? null : CorrectionKind.valueOf(correction),
                status == null ? null : FactStatus.valueOf(status),
                Partitions.of(unit));
    }

    /** The fact this row holds, as the rules library knows it. */
    public Fact fact() {
        return switch (kind) {
            case CREDIT_FACT ->
                new CreditFact(factId, unitId, indicator, outcome, points, period, occurredOn, recordedAt, providerOrg);
            case DEBTOR_LISTING ->
                new DebtorListing(factId, caseNumber, unitId, listingStatus, recordedAt, providerOrg);
            case CORRECTION -> {
                Amendment amendment = correctionKind == CorrectionKind.AMEND
                        ? new Amendment(outcome, points, occurredOn, period)
                        : null;
                yield new Correction(factId, targetEventId, unitId, correctionKind, amendment, recordedAt);
            }
        };
    }

    /**
     * The row as a JSON object keyed by column name, for {@code json_populate_recordset}: the columns a kind does not
     * use are left out (null).
     */
    Map<String, Object> columns() {
        Map<String, Object> c = new LinkedHashMap<>(COLUMN_COUNT);
        put(c, "unit_id", unitId);
        put(c, "fact_id", factId);
        put(c, "kind", kind.code());
        put(c, "target_event_id", targetEventId);
        put(c, "indicator", indicator);
        put(c, "outcome", outcome);
        put(c, "points", points);
        put(c, "period", period);
        put(c, "occurred_on", occurredOn == null ? null : occurredOn.toString());
        put(c, "recorded_at", recordedAt.toString());
        put(c, "provider_org", providerOrg);
        put(c, "case_number", caseNumber);
        put(c, "listing_status", listingStatus == null ? null : listingStatus.name());
        put(c, "correction_kind", correctionKind == null ? null : correctionKind.name());
        put(c, "status", status == null ? null : status.name());
        put(c, "kafka_partition", partition);
        return c;
    }

    private static void put(Map<String, Object> columns, String name, Object value) {
        if (value != null) {
            columns.put(name, value);
        }
    }
}
