package cn.jiyuan.integrity.ingest.debtors;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** The debtor-listing claims (V3__debtor_listing_claims.sql): one listing per unit, case and status. */
@Repository
class ListingClaims {

    /** A claimed listing; {@code first} when this request made the claim, false when it found an earlier one. */
    record Claim(
            UUID listingId,
            String unitId,
            String caseNumber,
            String status,
            String providerOrg,
            String submittedBy,
            Instant recordedAt,
            boolean first) {}

    private final DatabaseClient db;

    ListingClaims(DatabaseClient db) {
        this.db = db;
    }

    /** Claims the listing, or returns the claim an earlier request made for the same unit, case and status. */
    Mono<Claim> claim(Claim wanted) {
        return db.sql("""
                        INSERT INTO debtor_listing_claims
                               (unit_id, case_number, status, listing_id, provider_org, submitted_by, recorded_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)
                        ON CONFLICT (unit_id, case_number, status) DO NOTHING""")
                .bind(0, wanted.unitId())
                .bind(1, wanted.caseNumber())
                .bind(2, wanted.status())
                .bind(3, wanted.listingId())
                .bind(4, wanted.providerOrg())
                .bind(5, wanted.submittedBy())
                .bind(6, OffsetDateTime.ofInstant(wanted.recordedAt(), ZoneOffset.UTC))
                .fetch()
                .rowsUpdated()
                .flatMap(inserted -> inserted == 1 ? Mono.just(wanted) : existing(wanted));
    }

    private Mono<Claim> existing(Claim wanted) {
        return db.sql("""
                        SELECT listing_id, provider_org, submitted_by, recorded_at FROM debtor_listing_claims
                         WHERE unit_id = $1 AND case_number = $2 AND status = $3""")
                .bind(0, wanted.unitId())
                .bind(1, wanted.caseNumber())
                .bind(2, wanted.status())
                .map((row, meta) -> new Claim(
                        row.get("listing_id", UUID.class),
                        wanted.unitId(),
                        wanted.caseNumber(),
                        wanted.status(),
                        row.get("provider_org", String.class),
                        row.get("submitted_by", String.class),
                        row.get("recorded_at", OffsetDateTime.class).toInstant(),
                        false))
                .one();
    }
}
