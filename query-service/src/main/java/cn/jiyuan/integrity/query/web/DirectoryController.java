package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.query.model.UnitHistory;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.rights.Caller;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * What clients build their screens from (API.md): the registry of units, inactive ones too, and the indicator catalog
 * in force — the rules library's catalog as it is, so that a form offers exactly what ingest accepts.
 */
@RestController
class DirectoryController {

    record UnitView(String unitId, String name, boolean active, Instant registeredAt, Instant updatedAt) {}

    record UnitsView(List<UnitView> units) {}

    record OutcomeView(
            String code,
            String name,
            String effect,
            String kind,
            BigDecimal amount,
            boolean takesPoints,
            boolean takesPeriod) {}

    record IndicatorView(
            String code,
            String name,
            String nameEn,
            int group,
            String groupName,
            BigDecimal weight,
            String frequency,
            List<String> providers,
            boolean selfReported,
            List<OutcomeView> outcomes) {}

    record CatalogView(
            String version,
            String title,
            LocalDate effectiveFrom,
            String creditOffice,
            List<String> debtorListingProviders,
            Map<String, String> organisations,
            List<IndicatorView> indicators) {}

    private final ReadModel model;
    private final Catalogs catalogs;
    private final Access access;
    private final Clock clock;

    DirectoryController(ReadModel model, Catalogs catalogs, Access access, Clock clock) {
        this.model = model;
        this.catalogs = catalogs;
        this.access = access;
        this.clock = clock;
    }

    /** Every registered unit with its current name and state (the credit office and consumers). */
    @GetMapping("/api/v1/units")
    UnitsView units(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().readAllUnits(caller));
        return new UnitsView(model.snapshot().units().stream()
                .filter(h -> !h.registrations().isEmpty())
                .map(DirectoryController::unit)
                .sorted(Comparator.comparing(UnitView::unitId))
                .toList());
    }

    private static UnitView unit(UnitHistory h) {
        UnitHistory.Registration first = h.registrations().get(0);
        UnitHistory.Registration latest =
                h.registrations().get(h.registrations().size() - 1);
        return new UnitView(h.unitId(), latest.name(), latest.active(), first.recordedAt(), latest.recordedAt());
    }

    /** The catalog in force today, for anyone signed in. */
    @GetMapping("/api/v1/catalog")
    CatalogView catalog(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        access.caller(jwt, exchange);
        Catalog catalog = catalogs.inForce(ChinaTime.dateOf(clock.instant()));
        return new CatalogView(
                catalog.version(),
                catalog.title(),
                catalog.effectiveFrom(),
                catalog.creditOffice(),
                catalog.debtorListingProviders().stream().sorted().toList(),
                catalog.organisations(),
                catalog.indicators().stream()
                        .map(DirectoryController::indicator)
                        .toList());
    }

    private static IndicatorView indicator(Indicator i) {
        return new IndicatorView(
                i.code(),
                i.nameZh(),
                i.nameEn(),
                i.group().number(),
                i.group().nameZh(),
                i.weight(),
                i.frequency().name(),
                i.providers().stream().sorted().toList(),
                i.selfReported(),
                i.outcomes().values().stream()
                        .map(o -> new OutcomeView(
                                o.code(),
                                o.nameZh(),
                                o.effect().toString(),
                                o.effect().kind().name(),
                                o.effect().amount(),
                                o.effect().takesPoints(),
                                o.effect().takesPeriod()))
                        .toList());
    }
}
