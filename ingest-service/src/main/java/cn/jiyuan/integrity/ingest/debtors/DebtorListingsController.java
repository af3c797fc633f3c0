package cn.jiyuan.integrity.ingest.debtors;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.security.Callers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

    private final DebtorListings listings;
    private final Catalogs catalogs;
    private final Clock clock;

    DebtorListingsController(DebtorListings listings, Catalogs catalogs, Clock clock) {
        this.listings = listings;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    record Recorded(String listingId, Instant recordedAt) {}

    /**
     * 202 with the listing's id and recordedAt; the same case, unit and status again is the same listing: 200 with the
     * first answer.
     */
    @PostMapping
    Mono<ResponseEntity<Recorded>> list(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Decision allowed = new Rights(catalogs.inForce(ChinaTime.dateOf(now))).submitDebtorListing(caller);
        if (allowed.denied()) {
            return Mono.error(Refusal.forbidden(allowed.reason()));
        }
        List<Violation> violations = new ArrayList<>();
        DebtorListings.Request request = DebtorListings.read(body, violations);
        if (request == null) {
            return Mono.error(Refusal.invalid(violations));
        }
        return listings.record(request, caller.org(), caller.subject(), now, true)
                .map(r -> ResponseEntity.status(r.first() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                        .body(new Recorded(r.listingId(), r.recordedAt())));
    }
}
