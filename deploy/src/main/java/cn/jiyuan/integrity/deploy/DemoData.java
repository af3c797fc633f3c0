package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

    /** Every fact of the demo, for the day {@code today}: two years up to yesterday ({@link DemoFacts}). */
    static List<DemoFacts.Fact> facts(LocalDate today) {
        return DemoFacts.of(today);
    }

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

    /**
     * Imports the units (registered two years ago) and every fact with the instant it was recorded (第五条: history,
     * through the operator's import), lists and shields debtors, files four objections; prints a summary and returns
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
        List<DemoFacts.Fact> facts = facts(today);
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = 0; i < facts.size(); i += 1000) {
            List<Map<String, Object>> chunk = new ArrayList<>();
            for (DemoFacts.Fact f : facts.subList(i, Math.min(facts.size(), i + 1000))) {
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
     * Four objections (第十四条) on recent facts of four units: one awaiting its provider, one found not true, one
     * found true and deleted with the credit office's approval, one found true and awaiting the credit office's review
     * (so the console's review queue has work in it).
     */
    private void objections(List<DemoFacts.Fact> facts, LocalDate today) throws IOException, InterruptedException {
        List<DemoFacts.Fact> picks = new ArrayList<>();
        Set<String> units = new HashSet<>();
        for (DemoFacts.Fact f : facts) {
            String unit = (String) f.body().get("unitId");
            LocalDate on = LocalDate.parse((String) f.body().get("occurredOn"));
            if (!f.self() && on.isAfter(today.minusMonths(6)) && units.add(unit)) {
                picks.add(f);
            }
            if (picks.size() == 4) {
                break;
            }
        }
        String creditOffice = tokens.mint("xyb-demo", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
        String[] reasons = {"该事项已整改完毕，申请复核", "信息与事实不符", "处罚决定已被依法撤销", "该信息重复报送"};
        int filed = 0;
        for (int i = 0; i < picks.size(); i++) {
            DemoFacts.Fact f = picks.get(i);
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
            } else if (i == 3) {
                sendTo(
                        objection,
                        "POST",
                        path + "/decision",
                        provider,
                        Map.of("finding", "TRUE", "remedy", "DELETE", "explanation", "经核实，该信息重复报送"));
            }
        }
        out.printf(
                "demo: %d objections filed (one awaiting its provider, one found not true, one corrected,"
                        + " one awaiting review)%n",
                filed);
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
