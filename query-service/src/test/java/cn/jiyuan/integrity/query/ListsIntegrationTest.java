package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lists other clients build on (API.md): facts across units, the unit registry, the catalog; paging. */
class ListsIntegrationTest extends QueryTestBase {

    private static List<Object> ids(Map<?, ?> body) {
        return items(body, "facts").stream().map(f -> (Object) f.get("eventId")).toList();
    }

    private static List<Map<?, ?>> items(Map<?, ?> body, String name) {
        return ((List<?>) body.get(name))
                .stream().<Map<?, ?>>map(m -> (Map<?, ?>) m).toList();
    }

    @Test
    void theFactsListGivesEachCallerWhatItMayReadNewestFirstInPages() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        List<String> jgw = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // JGW's, recorded 10, 9, … 6 days ago
            CreditFact f = CreditFact.newBuilder(
                            Events.fact(unit, "4.1", "TALK_OR_CRITICISM", null, today().minusDays(12)))
                    .setRecordedAt(daysAgo(10 - i))
                    .setLate(i == 4)
                    .build();
            events.send(f, unit);
            jgw.add(0, f.getEventId()); // newest first
        }
        CreditFact sfj = Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(3));
        events.send(sfj, unit);
        awaitApplied(unit, 7);

        String mine = "/api/v1/facts?unitId=" + unit;
        assertThat(ids(ok(mine, TestTokens.token("JGW", "PROVIDER")))).containsExactlyElementsOf(jgw); // not SFJ's
        assertThat(items(ok(mine, creditOffice()), "facts")).hasSize(6).allSatisfy(f -> {
            assertThat(f.get("unitId")).isEqualTo(unit);
            assertThat(f.get("status")).isEqualTo("COUNTED");
        });
        assertThat(items(ok(mine, TestTokens.token(unit, "UNIT")), "facts")).hasSize(6);
        assertThat(ids(ok(mine + "&late=true", creditOffice()))).containsExactly(jgw.get(0));
        assertThat(ids(ok(mine + "&indicator=1.1", creditOffice()))).containsExactly(sfj.getEventId());
        assertThat(items(ok(mine + "&providerOrg=JGW&to=" + today().minusDays(8), creditOffice()), "facts"))
                .hasSize(3);

        // pages of two: every fact once, in order, the last page without nextCursor
        List<Object> paged = new ArrayList<>();
        String cursor = null;
        for (int n = 0; n < 5; n++) {
            Map<?, ?> page =
                    ok(mine + "&providerOrg=JGW&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), creditOffice());
            items(page, "facts").forEach(f -> paged.add(f.get("eventId")));
            cursor = (String) page.get("nextCursor");
            if (cursor == null) {
                break;
            }
        }
        assertThat(paged).containsExactlyElementsOf(jgw);
        assertThat(cursor).isNull();

        // a unit's events page the same way; without a limit they come whole, as before paging
        List<Object> whole = items(ok("/api/v1/units/" + unit + "/events", creditOffice()), "events").stream()
                .map(e -> (Object) e.get("eventId"))
                .toList();
        assertThat(whole).hasSize(6);
        assertThat(allPages("/api/v1/units/" + unit + "/events?limit=4", "events", "eventId"))
                .containsExactlyElementsOf(whole);
        List<Object> ranking = items(ok("/api/v1/rankings", creditOffice()), "units").stream()
                .map(u -> (Object) u.get("unitId"))
                .toList();
        assertThat(allPages("/api/v1/rankings?limit=7", "units", "unitId")).containsExactlyElementsOf(ranking);

        assertProblem(get(mine + "&limit=0", creditOffice()), 400, "\"field\":\"limit\"");
        assertProblem(get(mine + "&limit=1001", creditOffice()), 400, "\"field\":\"limit\"");
        assertProblem(get(mine + "&cursor=%25%25", creditOffice()), 400, "\"field\":\"cursor\"");
        assertProblem(get(mine + "&late=maybe", creditOffice()), 400, "\"field\":\"late\"");
        assertProblem(get(mine + "&from=yesterday", creditOffice()), 400, "\"field\":\"from\"");
    }

    private List<Object> allPages(String path, String list, String id) {
        List<Object> all = new ArrayList<>();
        String cursor = null;
        for (int n = 0; n < 10_000; n++) {
            Map<?, ?> page = ok(path + (cursor == null ? "" : "&cursor=" + cursor), creditOffice());
            items(page, list).forEach(i -> all.add(i.get(id)));
            cursor = (String) page.get("nextCursor");
            if (cursor == null) {
                return all;
            }
        }
        throw new AssertionError("no last page");
    }

    @Test
    void theRegistryListsEveryUnitInactiveOnesTooForTheCreditOfficeAndConsumers() {
        String active = Events.newUnitId();
        String inactive = Events.newUnitId();
        events.register(active, true, daysAgo(20));
        events.register(inactive, true, daysAgo(20));
        events.register(inactive, false, daysAgo(2));
        awaitApplied(inactive, 2);
        // a change kept only in the uncompacted history (audit D3) counts as well, and once
        String historyOnly = Events.newUnitId();
        var registration = new UnitRegistration(historyOnly, "只在历史中的单位", true, daysAgo(40), "xyb");
        events.send("integrity.unit-registrations.v1", historyOnly, registration);
        events.send("integrity.units.v1", historyOnly, registration);
        awaitApplied(historyOnly, 1);

        List<Map<?, ?>> units = items(ok("/api/v1/units", creditOffice()), "units");
        assertThat(units).anySatisfy(u -> {
            assertThat(u.get("unitId")).isEqualTo(inactive);
            assertThat(u.get("active")).isEqualTo(false);
            assertThat(u.get("registeredAt")).isNotNull().isNotEqualTo(u.get("updatedAt"));
        });
        assertThat(units).anySatisfy(u -> assertThat(u.get("unitId")).isEqualTo(active));
        assertThat(units).filteredOn(u -> u.get("unitId").equals(historyOnly)).singleElement();
        assertThat(model.unit(historyOnly).registrations()).hasSize(1); // the same change from both topics
        get("/api/v1/units", consumer("CZJ"), "HONOURS").expectStatus().isOk();
        assertProblem(get("/api/v1/units", TestTokens.token("JGW", "PROVIDER")), 403);
    }

    @Test
    void theCatalogIsTheRulesLibrarysForAnyoneSignedIn() {
        Map<?, ?> catalog = ok("/api/v1/catalog", TestTokens.token("KJZ", "UNIT"));
        assertThat(catalog.get("version")).isEqualTo("jgb-2022-44");
        assertThat(catalog.get("creditOffice")).isEqualTo("XYB");
        List<Map<?, ?>> indicators = items(catalog, "indicators");
        assertThat(indicators).hasSize(35);
        Map<?, ?> honours = indicators.stream()
                .filter(i -> i.get("code").equals("7.4"))
                .findFirst()
                .orElseThrow();
        assertThat(honours.get("selfReported")).isEqualTo(true);
        assertThat(items(honours, "outcomes").stream()
                        .map(o -> o.get("code") + " " + o.get("effect") + " " + o.get("name")))
                .containsExactly("NATIONAL BONUS 5 国家级荣誉", "PROVINCIAL BONUS 3 省级荣誉", "PREFECTURE BONUS 1 市级荣誉");
        http.get().uri("/api/v1/catalog").exchange().expectStatus().isUnauthorized();
    }
}
