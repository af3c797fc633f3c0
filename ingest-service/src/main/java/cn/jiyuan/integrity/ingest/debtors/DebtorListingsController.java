package cn.jiyuan.integrity.ingest.debtors;

import cn.jiyuan.integrity.ingest.publishing.Publisher;
import cn.jiyuan.integrity.ingest.units.UnitDirectory;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.support.problems.ApiException;
import cn.jiyuan.integrity.support.security.Callers;
import cn.jiyuan.integrity.support.web.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/debtor-listings} (courts only): takes effect from its recordedAt (第九条). */
@RestController
@RequestMapping("/api/v1/debtor-listings")
class DebtorListingsController {

    static final int MAX_CASE_NUMBER_LENGTH = 100;

    private final Publisher publisher;
    private final UnitDirectory units;
    private final ListingClaims claims;
    private final Catalogs catalogs;
    private final Clock clock;

    DebtorListingsController(
            Publisher publisher, UnitDirectory units, ListingClaims claims, Catalogs catalogs, Clock clock) {
        this.publisher = publisher;
        this.units = units;
        this.claims = claims;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    record Recorded(String listingId, Instant recordedAt) {}

    /**
     * 202 with the listing's id and recordedAt; the same case, unit and status again is the same listing: 200 with the
     * first answer (the record is sent again, identical, so that a retry after a lost answer is never lost itself).
     */
    @PostMapping
    Mono<ResponseEntity<Recorded>> list(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Decision allowed = new Rights(catalogs.inForce(ChinaTime.dateOf(now))).submitDebtorListing(caller);
        if (allowed.denied()) {
            return Mono.error(ApiException.forbidden(allowed.reason()));
        }
        List<Violation> violations = new ArrayList<>();
        Json.Reader json = Json.read(body, violations, "caseNumber", "unitId", "status");
        String caseNumber = json.text("caseNumber", true, MAX_CASE_NUMBER_LENGTH);
        String unitId = json.text("unitId", true, 64);
        if (unitId != null) {
            FactValidator.validateUnitId(unitId, "unitId", violations);
        }
        String status = json.text("status", true, 20);
        if (status != null && !status.equals("LISTED") && !status.equals("SHIELDED")) {
            violations.add(new Violation("status", "must be LISTED or SHIELDED"));
        }
        if (!violations.isEmpty()) {
            return Mono.error(ApiException.invalid(violations));
        }
        var unit = units.find(unitId);
        if (unit.isEmpty()) {
            return Mono.error(ApiException.notFound("unit " + unitId + " is not registered"));
        }
        if (!unit.get().getActive()) {
            return Mono.error(ApiException.notFound("unit " + unitId + " is not active"));
        }
        ListingClaims.Claim wanted = new ListingClaims.Claim(
                UUID.randomUUID(), unitId, caseNumber.strip(), status, caller.org(), caller.subject(), now, true);
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
                    .publish(IntegrityTopics.CREDIT_EVENTS, unitId, listing)
                    .thenReturn(ResponseEntity.status(claim.first() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                            .body(new Recorded(listing.getListingId(), claim.recordedAt())));
        });
    }
}
