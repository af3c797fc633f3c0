package cn.jiyuan.integrity.ingest.debtors;

import cn.jiyuan.integrity.ingest.publishing.Publisher;
import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.web.Json;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * A court's listing or shielding of a unit (第九条), live or imported as history: one listing per unit, case and status
 * (a retry is the same listing, and its record is sent again, identical, so a retry after a lost answer is never lost
 * itself).
 */
@Service
public class DebtorListings {

    static final int MAX_CASE_NUMBER_LENGTH = 100;

    private final Publisher publisher;
    private final UnitDirectory units;
    private final ListingClaims claims;

    DebtorListings(Publisher publisher, UnitDirectory units, ListingClaims claims) {
        this.publisher = publisher;
        this.units = units;
        this.claims = claims;
    }

    /** What a listing says, as read from its JSON. */
    public record Request(String caseNumber, String unitId, String status) {}

    /** The listing as recorded: {@code first} when this request recorded it. */
    public record Recorded(String listingId, Instant recordedAt, boolean first) {}

    /** The listing's fields from {@code node} (besides {@code extra} fields the caller reads itself); null if invalid. */
    public static Request read(JsonNode node, List<Violation> violations, String... extra) {
        String[] fields = new String[3 + extra.length];
        fields[0] = "caseNumber";
        fields[1] = "unitId";
        fields[2] = "status";
        System.arraycopy(extra, 0, fields, 3, extra.length);
        Json.Reader json = Json.read(node, violations, fields);
        String caseNumber = json.text("caseNumber", true, MAX_CASE_NUMBER_LENGTH);
        String unitId = json.text("unitId", true, 64);
        if (unitId != null) {
            FactValidator.validateUnitId(unitId, "unitId", violations);
        }
        String status = json.text("status", true, 20);
        if (status != null && !status.equals("LISTED") && !status.equals("SHIELDED")) {
            violations.add(new Violation("status", "must be LISTED or SHIELDED"));
        }
        return violations.isEmpty() ? new Request(caseNumber.strip(), unitId, status) : null;
    }

    /**
     * Records the listing from {@code providerOrg} at {@code recordedAt}, about a registered unit ({@code activeOnly}:
     * an active one, as live listings require); 404 for another unit.
     */
    public Mono<Recorded> record(
            Request r, String providerOrg, String submittedBy, Instant recordedAt, boolean activeOnly) {
        var unit = units.find(r.unitId());
        if (unit.isEmpty()) {
            return Mono.error(Refusal.notFound("unit " + r.unitId() + " is not registered"));
        }
        if (activeOnly && !unit.get().getActive()) {
            return Mono.error(Refusal.notFound("unit " + r.unitId() + " is not active"));
        }
        ListingClaims.Claim wanted = new ListingClaims.Claim(
                UUID.randomUUID(), r.unitId(), r.caseNumber(), r.status(), providerOrg, submittedBy, recordedAt, true);
        return claims.claim(wanted).flatMap(claim -> {
            DebtorListing listing = new DebtorListing(
                    claim.listingId().toString(),
                    claim.caseNumber(),
                    claim.unitId(),
                    DebtorListingStatus.valueOf(claim.status()),
                    claim.recordedAt(),
                    claim.providerOrg(),
                    claim.submittedBy());
            return publisher
                    .publish(IntegrityTopics.CREDIT_EVENTS, r.unitId(), listing)
                    .thenReturn(new Recorded(listing.getListingId(), claim.recordedAt(), claim.first()));
        });
    }
}
