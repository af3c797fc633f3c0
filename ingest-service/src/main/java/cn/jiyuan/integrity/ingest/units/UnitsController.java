package cn.jiyuan.integrity.ingest.units;

import cn.jiyuan.integrity.ingest.publishing.Publisher;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.security.Callers;
import cn.jiyuan.integrity.support.web.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code PUT /api/v1/units/{unitId}}: the credit office registers or updates a participating unit. */
@RestController
@RequestMapping("/api/v1/units")
class UnitsController {

    static final int MAX_NAME_LENGTH = 200;

    private final Publisher publisher;
    private final UnitDirectory directory;
    private final Catalogs catalogs;
    private final Clock clock;

    UnitsController(Publisher publisher, UnitDirectory directory, Catalogs catalogs, Clock clock) {
        this.publisher = publisher;
        this.directory = directory;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    record UnitView(String unitId, String name, boolean active, Instant recordedAt) {}

    @PutMapping("/{unitId}")
    Mono<UnitView> register(@PathVariable String unitId, @RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        Caller caller = Callers.of(jwt);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Decision allowed = new Rights(catalogs.inForce(ChinaTime.dateOf(now))).registerUnit(caller);
        if (allowed.denied()) {
            return Mono.error(Refusal.forbidden(allowed.reason()));
        }
        List<Violation> violations = new ArrayList<>();
        FactValidator.validateUnitId(unitId, "unitId", violations);
        Json.Reader json = Json.read(body, violations, "name", "active");
        String name = json.text("name", true, MAX_NAME_LENGTH);
        Boolean active = json.bool("active", true);
        if (!violations.isEmpty()) {
            return Mono.error(Refusal.invalid(violations));
        }
        UnitRegistration registration = new UnitRegistration(unitId, name.strip(), active, now, caller.subject());
        // the history first: a registration in the directory is always in the history too (a failed second write is a
        // 503 and the retry registers again, which the history keeps as one more, identical change)
        return publisher
                .publish(IntegrityTopics.UNIT_REGISTRATIONS, unitId, registration)
                .then(publisher.publish(IntegrityTopics.UNITS, unitId, registration))
                .then(Mono.fromRunnable(() -> directory.apply(registration)))
                .thenReturn(new UnitView(unitId, registration.getName(), active, now));
    }
}
