package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.catalog.Outcome;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The demo's facts (deterministic: the same day gives the same facts): two years up to yesterday, for the units of
 * {@link DemoData#UNITS}, across all 35 indicators from the provider departments, each with the instant it was
 * recorded.
 */
final class DemoFacts {

    private DemoFacts() {}

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
    static List<Fact> of(LocalDate today) {
        LocalDate last = today.minusDays(1);
        LocalDate first = last.minusYears(2).plusDays(1);
        Random random = new Random(20230106L); // the day the measures were issued
        List<Fact> facts = new ArrayList<>();
        for (String unit : DemoData.UNITS.keySet()) {
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
        // So that the report of 第十二条 has something to show: 行政服务中心 never sent its 12345-hotline assessment
        // (4.3, monthly) of one month for about a third of the units. Removed after generation, so every other fact
        // stays as it was; a later month's assessment sets today's score as before.
        String gap = YearMonth.from(last).minusMonths(3).toString();
        facts.removeIf(f -> "4.3".equals(f.body().get("indicator"))
                && gap.equals(f.body().get("period"))
                && Math.floorMod(String.valueOf(f.body().get("unitId")).hashCode(), 3) == 0);
        return facts;
    }

    /** Rare outcomes may not come up by chance: give each indicator that has none one fact, about 克井镇. */
    private static void ensureEveryIndicator(List<Fact> facts, LocalDate first, LocalDate last, Random random) {
        Set<String> seen = new HashSet<>();
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
}
