package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.catalog.Outcome;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A realistic, deterministic demo data set, loaded through the public ingest API as an operator imports history:
 * about 40 units of the zone (departments, 镇, 街道, 开发区), and two years of facts across all 35 indicators from the
 * 21 provider departments, with a debtor listing (one shielded again). The same day gives the same data (seeded,
 * with eventIds derived from the content), so loading twice only answers 200s.
 *
 * <p>The units are registered two years before the day of loading and every fact carries the instant it was recorded,
 * one to twelve days after it arose (some therefore late), so rankings of past dates and a unit's score over time show
 * the two years.
 */
final class DemoData {

    /** Unit code → name. The first block are the provider departments that are units too (not the courts). */
    static final Map<String, String> UNITS = units();

    private final URI ingest;
    private final URI objection;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final LocalTokens tokens = LocalTokens.withDefaultSecret();

    DemoData(URI ingest, URI objection, PrintStream out) {
        this.ingest = ingest;
        this.objection = objection;
        this.out = out;
    }

    private static Map<String, String> units() {
        Map<String, String> u = new LinkedHashMap<>();
        u.put("SFJ", "济源示范区司法局");
        u.put("ZWFWJ", "济源示范区政务服务和大数据管理局");
        u.put("BB", "济源示范区党工委机构编制委员会办公室");
        u.put("GWHBGS", "济源示范区管委会办公室");
        u.put("XYB", "济源示范区信用办");
        u.put("FGTJJ", "济源示范区发展改革和统计局");
        u.put("CZJRJ", "济源示范区财政金融局");
        u.put("GKW", "济源示范区工业和科技创新委员会");
        u.put("WMB", "济源示范区文明办");
        u.put("XZFWZX", "济源示范区行政服务中心");
        u.put("JGW", "济源示范区纪工委监察工委");
        u.put("XCB", "济源示范区党工委宣传部");
        u.put("ZFW", "济源示范区党工委政法委");
        u.put("YSB", "济源示范区营商办");
        u.put("DCB", "济源示范区督查部门");
        u.put("ZZB", "济源示范区党工委组织部");
        u.put("STHJJ", "济源示范区生态环境局");
        u.put("DGWBGS", "济源示范区党工委办公室");
        u.put("YJGLJ", "济源示范区应急管理局");
        u.put("JYJ", "济源示范区教育局");
        u.put("WJW", "济源示范区卫生健康委员会");
        u.put("GAJ", "济源示范区公安局");
        u.put("KJZ", "克井镇人民政府");
        u.put("WLKZ", "五龙口镇人民政府");
        u.put("ZCZ", "轵城镇人民政府");
        u.put("CLZ", "承留镇人民政府");
        u.put("SYZ", "邵原镇人民政府");
        u.put("PTZ", "坡头镇人民政府");
        u.put("LLZ", "梨林镇人民政府");
        u.put("DYZ", "大峪镇人民政府");
        u.put("SLZ", "思礼镇人民政府");
        u.put("WWZ", "王屋镇人民政府");
        u.put("XYEZ", "下冶镇人民政府");
        u.put("QYJD", "沁园街道办事处");
        u.put("JSJD", "济水街道办事处");
        u.put("BHJD", "北海街道办事处");
        u.put("TTJD", "天坛街道办事处");
        u.put("YQJD", "玉泉街道办事处");
        u.put("HLGXQ", "济源虎岭高新技术产业开发区管理办公室");
        u.put("YCJJQ", "济源玉川产业集聚区管理办公室");
        return u;
    }

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "司马"};
    private static final String[] GIVEN = {"伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "娜娜", "志明", "建国"};
    private static final String[] POSITIONS = {"局长", "副局长", "科长", "副科长", "镇长", "副镇长", "主任", "副主任"};

    /** One fact to send, with the org that sends it ({@code self} for 7.2/7.4: the unit's own token). */
    record Fact(String sender, boolean self, Map<String, Object> body) {

        /**
         * When the earlier platform recorded it: one to twelve days after it arose (from the eventId, so the same day
         * gives the same instant), during office hours, and before {@code today} — some therefore late.
         */
        Instant recordedAt(LocalDate today) {
            String eventId = (String) body.get("eventId");
            LocalDate occurredOn = LocalDate.parse((String) body.get("occurredOn"));
            int delay = 1 + Math.floorMod(eventId.hashCode(), 12);
            Instant at = occurredOn
                    .plusDays(delay)
                    .atTime(9, Math.floorMod(eventId.hashCode() >> 8, 60))
                    .atZone(ChinaTime.ZONE)
                    .toInstant();
            Instant todayStarts = today.atStartOfDay(ChinaTime.ZONE).toInstant();
            return at.isBefore(todayStarts) ? at : todayStarts.minusSeconds(1);
        }

        /** The fact as the history import takes it: its provider and its recording instant beside its content. */
        Map<String, Object> asHistory(LocalDate today) {
            Map<String, Object> history = new LinkedHashMap<>(body);
            history.put("providerOrg", sender);
            history.put("recordedAt", recordedAt(today).toString());
            return history;
        }
    }

    /** Every fact of the demo, for the day {@code today}: two years up to yesterday. */
    static List<Fact> facts(LocalDate today) {
        LocalDate last = today.minusDays(1);
        LocalDate first = last.minusYears(2).plusDays(1);
        Random random = new Random(20230106L); // the day the measures were issued
        List<Fact> facts = new ArrayList<>();
        for (String unit : UNITS.keySet()) {
            double quality = 0.45 + 0.55 * random.nextDouble(); // how well this unit does, 0.45..1
            Gen g = new Gen(unit, quality, random, first, last, facts);
            for (int year = first.getYear() - 1; year <= last.getYear(); year++) {
                LocalDate yearEnd = LocalDate.of(year + 1, 1, 15 + random.nextInt(10));
                g.assess("GWHBGS", "2.3", yearEnd, String.valueOf(year), 4);
                g.assess("FGTJJ", "3.2", yearEnd, String.valueOf(year), 6);
                g.assess("DCB", "4.9", yearEnd, String.valueOf(year), 4);
                g.assess("ZZB", "5.5", yearEnd, String.valueOf(year), 2);
                g.assess("XYB", "5.6", yearEnd, String.valueOf(year), 3);
                g.set("ZFW", "4.5", yearEnd, String.valueOf(year), g.tier("ADVANCED", "AVERAGE", "LAGGING"));
                g.set(
                        "DCB",
                        "4.7",
                        yearEnd.plusDays(5),
                        String.valueOf(year),
                        g.tier("EXCELLENT", "ADVANCED", "AVERAGE", "OTHER"));
                if (random.nextDouble() < quality - 0.55) {
                    g.plain("DCB", "7.1", yearEnd.plusDays(20), "INNOVATION_PRAISED");
                }
                if (random.nextDouble() < 0.15) {
                    g.plain("YSB", "7.3", yearEnd.plusDays(25), g.tier("RANK_1", "RANK_2", "RANK_3", "TIER_UP"));
                }
                if (random.nextDouble() > quality) {
                    g.points("BB", "1.3", "DEDUCTED", yearEnd.plusDays(3), 3);
                }
            }
            for (YearMonth m = YearMonth.from(first).minusMonths(1);
                    !m.isAfter(YearMonth.from(last));
                    m = m.plusMonths(1)) {
                LocalDate reported = m.plusMonths(1).atDay(8 + random.nextInt(6));
                String period = m.toString();
                g.assess("WMB", "3.4", reported, period, 2);
                g.assess("ZWFWJ", "4.2", reported, period, 4);
                g.assess("XZFWZX", "4.3", reported, period, 4);
                g.assess("XYB", "5.1", reported, period, 4);
                g.assess("XYB", "5.2", reported, period, 4);
                g.assess("XYB", "5.3", reported, period, 6);
                g.assess("XYB", "5.4", reported, period, 6);
                if (m.getMonthValue() % 3 == 0) {
                    String quarter = m.getYear() + "-Q" + (m.getMonthValue() / 3);
                    g.set(
                            "YSB",
                            "4.6",
                            reported.plusDays(10),
                            quarter,
                            g.tier("TIER_1", "TIER_2", "TIER_3", "OTHER", "BOTTOM_3"));
                }
                g.cases("SFJ", "1.1", "ENFORCEMENT_REVOKED", m, 0.02);
                g.cases("ZJFY", "1.2", "COURT_NONCOMPLIANCE", m, 0.015);
                g.cases("ZWFWJ", "1.4", "UNAUTHORISED_POWER_ITEM", m, 0.01);
                g.pointCases("GWHBGS", "2.1", "DEDUCTED", m, 0.03, 3);
                g.cases("GWHBGS", "2.2", "LOST_DISCLOSURE_CASE", m, 0.003);
                g.cases("XYB", "3.1", "PLEDGE_BROKEN", m, 0.008);
                g.cases("FGTJJ", "3.3", "CONTRACT_BREACH", m, 0.002);
                g.cases("JGW", "4.1", "TALK_OR_CRITICISM", m, 0.03);
                g.cases("JGW", "4.1", "LIGHT_DISCIPLINE", m, 0.01);
                g.pointCases("XCB", "4.4", "DEDUCTED", m, 0.02, 3);
                g.cases("DCB", "4.8", "NOT_IMPLEMENTED", m, 0.02);
                g.cases("XYB", "5.3", "DOUBLE_PUBLICITY_LATE", m, 0.01);
                g.cases("XYB", "5.4", "XINYIDAI_INEFFECTIVE", m, 0.005);
                g.cases("JGW", "6.1", "SERIOUS_DISHONESTY", m, 0.001);
                g.cases("DCB", "6.2", "INSPECTION_CRITICISED", m, 0.004);
                g.selfCases("7.2", m, 0.02, "JIYUAN", "PROVINCE", "NATION");
                g.selfCases("7.4", m, 0.02, "PREFECTURE", "PROVINCIAL", "NATIONAL");
                if (m.getMonthValue() == 6 || m.getMonthValue() == 12) {
                    g.cases("STHJJ", "6.3", "ENVIRONMENT_CRITICISED", m, 0.03);
                    g.pointCases("DGWBGS", "6.4", "PENALISED", m, 0.04, 5);
                    g.pointCases("YJGLJ", "6.5", "PENALISED", m, 0.03, 5);
                }
            }
        }
        ensureEveryIndicator(facts, first, last, random);
        return facts;
    }

    /** Rare outcomes may not come up by chance: give each indicator that has none one fact, about 克井镇. */
    private static void ensureEveryIndicator(List<Fact> facts, LocalDate first, LocalDate last, Random random) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        facts.forEach(f -> seen.add((String) f.body().get("indicator")));
        Gen g = new Gen("KJZ", 0.8, random, first, last, facts);
        LocalDate on = last.minusDays(20);
        for (Indicator indicator : Catalogs.standard().inForce(last).indicators()) {
            if (seen.contains(indicator.code())) {
                continue;
            }
            Outcome outcome = indicator.outcomes().values().iterator().next();
            String sender = indicator.selfReported()
                    ? "KJZ"
                    : indicator.providers().stream().sorted().findFirst().orElseThrow();
            BigDecimal points = outcome.effect().takesPoints() ? BigDecimal.ONE.setScale(2) : null;
            String period = outcome.effect().takesPeriod() ? String.valueOf(on.getYear() - 1) : null;
            g.add(sender, indicator.selfReported(), indicator.code(), outcome.code(), points, period, on, false);
        }
    }

    /** Generates one unit's facts; keeps only those that arose within the demo's two years. */
    private record Gen(String unit, double quality, Random random, LocalDate first, LocalDate last, List<Fact> out) {

        String tier(String... bestFirst) {
            double position = (1 - quality) * bestFirst.length + random.nextGaussian() * 0.6;
            return bestFirst[(int) Math.max(0, Math.min(bestFirst.length - 1, Math.floor(position)))];
        }

        void assess(String provider, String indicator, LocalDate on, String period, int weight) {
            double share = Math.min(1, Math.max(0, quality + random.nextGaussian() * 0.08));
            BigDecimal points =
                    BigDecimal.valueOf(Math.round(share * weight * 4) / 4.0).setScale(2);
            add(provider, false, indicator, "ASSESSED", points, period, on, false);
        }

        void set(String provider, String indicator, LocalDate on, String period, String outcome) {
            add(provider, false, indicator, outcome, null, period, on, false);
        }

        void plain(String provider, String indicator, LocalDate on, String outcome) {
            add(provider, false, indicator, outcome, null, null, on, false);
        }

        void points(String provider, String indicator, String outcome, LocalDate on, int max) {
            BigDecimal points = BigDecimal.valueOf(1 + random.nextInt(max * 2), 0)
                    .divide(BigDecimal.valueOf(2))
                    .min(BigDecimal.valueOf(max));
            add(provider, false, indicator, outcome, points.setScale(2), null, on, false);
        }

        void cases(String provider, String indicator, String outcome, YearMonth m, double monthlyRate) {
            if (random.nextDouble() < monthlyRate * (1.6 - quality)) {
                add(
                        provider,
                        false,
                        indicator,
                        outcome,
                        null,
                        null,
                        m.atDay(1 + random.nextInt(28)),
                        indicator.equals("4.1"));
            }
        }

        void pointCases(String provider, String indicator, String outcome, YearMonth m, double monthlyRate, int max) {
            if (random.nextDouble() < monthlyRate * (1.6 - quality)) {
                points(provider, indicator, outcome, m.atDay(1 + random.nextInt(28)), max);
            }
        }

        void selfCases(String indicator, YearMonth m, double monthlyRate, String... outcomes) {
            if (random.nextDouble() < monthlyRate * quality) {
                String outcome = outcomes[random.nextDouble() < 0.7 ? 0 : random.nextDouble() < 0.8 ? 1 : 2];
                add(unit, true, indicator, outcome, null, null, m.atDay(1 + random.nextInt(28)), false);
            }
        }

        private void add(
                String sender,
                boolean self,
                String indicator,
                String outcome,
                BigDecimal points,
                String period,
                LocalDate on,
                boolean withPerson) {
            if (on.isBefore(first) || on.isAfter(last)) {
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            String key = "demo|" + unit + "|" + indicator + "|" + outcome + "|" + period + "|" + on + "|" + out.size();
            body.put(
                    "eventId",
                    UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString());
            body.put("unitId", unit);
            body.put("indicator", indicator);
            body.put("outcome", outcome);
            if (points != null) {
                body.put("points", points);
            }
            if (period != null) {
                body.put("period", period);
            }
            body.put("occurredOn", on.toString());
            body.put("reference", "济示" + sender + "〔" + on.getYear() + "〕" + (1 + random.nextInt(300)) + "号");
            if (withPerson) {
                String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
                body.put(
                        "persons",
                        List.of(Map.of("name", name, "position", POSITIONS[random.nextInt(POSITIONS.length)])));
            }
            out.add(new Fact(sender, self, body));
        }
    }

    /**
     * Imports the units (registered two years ago) and every fact with the instant it was recorded (第五条: history,
     * through the operator's import), lists and shields debtors, files three objections; prints a summary and returns
     * how many facts were answered with each status.
     */
    Map<Integer, Integer> load(LocalDate today) throws IOException, InterruptedException {
        String operator = tokens.mint("ops-demo", "XYB", List.of("OPERATOR"), Duration.ofHours(1));
        Instant registeredAt =
                today.minusYears(2).atTime(9, 0).atZone(ChinaTime.ZONE).toInstant();
        List<Map<String, Object>> units = new ArrayList<>();
        for (Map.Entry<String, String> u : UNITS.entrySet()) {
            units.add(Map.of(
                    "unitId", u.getKey(), "name", u.getValue(), "active", true, "recordedAt", registeredAt.toString()));
        }
        send("POST", "/api/v1/history/units", operator, Map.of("units", units));
        List<Fact> facts = facts(today);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < facts.size(); i += 1000) {
            List<Map<String, Object>> chunk = new ArrayList<>();
            for (Fact f : facts.subList(i, Math.min(facts.size(), i + 1000))) {
                chunk.add(f.asHistory(today));
            }
            JsonNode answer = send("POST", "/api/v1/history/facts", operator, Map.of("facts", chunk));
            for (JsonNode r : answer.path("results")) {
                statuses.merge(r.path("status").asInt(), 1, Integer::sum);
                if (r.path("status").asInt() >= 400) {
                    out.println("demo: refused " + r);
                }
            }
        }
        // the intermediate court's listings, as recorded then: one unit listed, one listed and shielded again
        send(
                "POST",
                "/api/v1/history/listings",
                operator,
                Map.of(
                        "listings",
                        List.of(
                                listing("(2025)豫9001执1187号", "PTZ", "LISTED", today.minusDays(200)),
                                listing("(2024)豫9001执902号", "LLZ", "LISTED", today.minusDays(400)),
                                listing("(2024)豫9001执902号", "LLZ", "SHIELDED", today.minusDays(100)))));
        out.printf(
                "demo: %d units, %d facts (%s by status), 3 debtor-listing records%n",
                UNITS.size(), facts.size(), statuses);
        objections(facts, today);
        return statuses;
    }

    /**
     * Three objections (第十四条) on recent facts of three units: one awaiting its provider, one found not true, one
     * found true and deleted with the credit office's approval.
     */
    private void objections(List<Fact> facts, LocalDate today) throws IOException, InterruptedException {
        List<Fact> picks = new ArrayList<>();
        java.util.Set<String> units = new java.util.HashSet<>();
        for (Fact f : facts) {
            String unit = (String) f.body().get("unitId");
            LocalDate on = LocalDate.parse((String) f.body().get("occurredOn"));
            if (!f.self() && on.isAfter(today.minusMonths(6)) && units.add(unit)) {
                picks.add(f);
            }
            if (picks.size() == 3) {
                break;
            }
        }
        String creditOffice = tokens.mint("xyb-demo", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
        String[] reasons = {"该事项已整改完毕，申请复核", "信息与事实不符", "处罚决定已被依法撤销"};
        int filed = 0;
        for (int i = 0; i < picks.size(); i++) {
            Fact f = picks.get(i);
            String unit = (String) f.body().get("unitId");
            if (objectedBefore(creditOffice, unit, (String) f.body().get("eventId"))) {
                continue; // loaded before: the demo's objections are there already
            }
            filed++;
            String unitToken = tokens.mint(unit.toLowerCase() + "-demo", unit, List.of("UNIT"), Duration.ofHours(1));
            String provider = tokens.mint(
                    f.sender().toLowerCase() + "-demo", f.sender(), List.of("PROVIDER"), Duration.ofHours(1));
            String id = fileWhenKnown(unitToken, (String) f.body().get("eventId"), reasons[i])
                    .path("objectionId")
                    .asString();
            String path = "/api/v1/objections/" + id;
            if (i == 1) {
                sendTo(
                        objection,
                        "POST",
                        path + "/decision",
                        provider,
                        Map.of("finding", "NOT_TRUE", "explanation", "经核实，信息属实"));
            } else if (i == 2) {
                sendTo(
                        objection,
                        "POST",
                        path + "/decision",
                        provider,
                        Map.of("finding", "TRUE", "remedy", "DELETE", "explanation", "原决定已撤销"));
                sendTo(
                        objection,
                        "POST",
                        path + "/review",
                        creditOffice,
                        Map.of("decision", "APPROVE", "comment", "同意删除"));
            }
        }
        out.printf("demo: %d objections filed (one awaiting its provider, one found not true, one corrected)%n", filed);
    }

    private static Map<String, Object> listing(String caseNumber, String unit, String status, LocalDate on) {
        return Map.of(
                "caseNumber",
                caseNumber,
                "unitId",
                unit,
                "status",
                status,
                "providerOrg",
                "SFY",
                "recordedAt",
                on.atTime(10, 0).atZone(ChinaTime.ZONE).toInstant().toString());
    }

    /** Whether the unit has objected to the fact before (a second load of the demo files nothing). */
    private boolean objectedBefore(String creditOffice, String unit, String eventId)
            throws IOException, InterruptedException {
        JsonNode list = sendTo(objection, "GET", "/api/v1/objections?unitId=" + unit, creditOffice, null);
        for (JsonNode o : list.path("objections")) {
            if (eventId.equals(o.path("eventId").asString())) {
                return true;
            }
        }
        return false;
    }

    /** Files once the objection service has read the fact (404 until then). */
    private JsonNode fileWhenKnown(String token, String eventId, String reason)
            throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                return sendTo(
                        objection, "POST", "/api/v1/objections", token, Map.of("eventId", eventId, "reason", reason));
            } catch (IOException e) {
                if (attempt >= 240 || !e.getMessage().contains("answered 404")) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private JsonNode send(String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        return sendTo(ingest, method, path, token, body);
    }

    private JsonNode sendTo(URI service, String method, String path, String token, Object body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    static LocalDate today() {
        return LocalDate.now(ChinaTime.ZONE);
    }
}
