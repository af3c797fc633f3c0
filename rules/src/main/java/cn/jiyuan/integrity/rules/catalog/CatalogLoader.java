package cn.jiyuan.integrity.rules.catalog;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a catalog data file and checks it against the rules of the measures before anything may use it: weights of
 * groups 1–5 add up to 100, every outcome has a known effect that fits its group, every provider is a known org.
 */
public final class CatalogLoader {

    /** Stands in a provider list for indicators the unit reports about itself (7.2, 7.4). */
    public static final String SELF = "SELF";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CatalogLoader() {}

    public static Catalog load(String source, InputStream json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new CatalogException(source, List.of("not valid JSON: " + e.getOriginalMessage()));
        }
        List<String> problems = new ArrayList<>();
        String version = text(root, "version", problems);
        LocalDate effectiveFrom = date(root, "effectiveFrom", problems);

        Map<String, String> orgs = new LinkedHashMap<>();
        root.path("organisations")
                .properties()
                .forEach(e -> orgs.put(e.getKey(), e.getValue().asString()));
        if (orgs.isEmpty()) {
            problems.add("organisations: none given");
        }
        String creditOffice = text(root, "creditOffice", problems);
        if (creditOffice != null && !orgs.containsKey(creditOffice)) {
            problems.add("creditOffice: unknown org " + creditOffice);
        }
        Set<String> debtorProviders = new LinkedHashSet<>();
        for (JsonNode p : root.path("debtorListingProviders")) {
            if (!orgs.containsKey(p.asString())) {
                problems.add("debtorListingProviders: unknown org " + p.asString());
            }
            debtorProviders.add(p.asString());
        }

        Map<Integer, Group> groups = new LinkedHashMap<>();
        for (JsonNode g : root.path("groups")) {
            int number = g.path("number").asInt();
            GroupKind kind = enumValue(GroupKind.class, g.path("kind").asString(), "group " + number, problems);
            groups.put(
                    number,
                    new Group(
                            number, kind, g.path("zh").asString(), g.path("en").asString()));
        }

        Map<String, Indicator> indicators = new LinkedHashMap<>();
        Map<GroupKind, BigDecimal> weightByKind = new EnumMap<>(GroupKind.class);
        for (JsonNode i : root.path("indicators")) {
            Indicator indicator = indicator(i, groups, orgs, problems);
            if (indicator == null) {
                continue;
            }
            if (indicators.put(indicator.code(), indicator) != null) {
                problems.add("indicator " + indicator.code() + ": defined twice");
            }
            weightByKind.merge(indicator.kind(), indicator.weight(), BigDecimal::add);
        }
        BigDecimal scored = weightByKind.getOrDefault(GroupKind.SCORED, BigDecimal.ZERO);
        if (scored.compareTo(BigDecimal.valueOf(100)) != 0) {
            problems.add("weights of the scored groups add up to " + scored.toPlainString() + ", not 100 (第七条)");
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(source, problems);
        }
        return new Catalog(
                version,
                root.path("title").asString(""),
                effectiveFrom,
                orgs,
                creditOffice,
                debtorProviders,
                List.copyOf(groups.values()),
                indicators);
    }

    private static Indicator indicator(
            JsonNode i, Map<Integer, Group> groups, Map<String, String> orgs, List<String> problems) {
        String code = i.path("code").asString("");
        String where = "indicator " + (code.isEmpty() ? "(no code)" : code);
        if (!code.matches("[1-9]\\.[1-9][0-9]?")) {
            problems.add(where + ": code must look like 4.7");
            return null;
        }
        Group group = groups.get(Integer.parseInt(code.substring(0, code.indexOf('.'))));
        if (group == null || group.kind() == null) {
            problems.add(where + ": no such group");
            return null;
        }
        if (!i.path("weight").isNumber()) {
            problems.add(where + ": weight missing");
            return null;
        }
        BigDecimal weight = i.path("weight").decimalValue();
        Frequency frequency = enumValue(Frequency.class, i.path("frequency").asString(""), where, problems);

        Set<String> providers = new LinkedHashSet<>();
        boolean self = false;
        for (JsonNode p : i.path("providers")) {
            String org = p.asString();
            if (SELF.equals(org)) {
                self = true;
            } else if (!orgs.containsKey(org)) {
                problems.add(where + ": unknown provider " + org);
            } else {
                providers.add(org);
            }
        }
        if (self && !providers.isEmpty()) {
            problems.add(where + ": SELF cannot be combined with other providers");
        }
        if (!self && providers.isEmpty()) {
            problems.add(where + ": no provider");
        }

        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        i.path("outcomes").properties().forEach(e -> {
            try {
                Effect effect = Effect.parse(e.getValue().asString());
                String fit = fits(effect, group.kind(), weight);
                if (fit != null) {
                    problems.add(where + " outcome " + e.getKey() + ": " + fit);
                }
                String name = i.path("outcomeNames").path(e.getKey()).asString("");
                if (name.isBlank()) {
                    problems.add(where + " outcome " + e.getKey() + ": no name in outcomeNames");
                }
                outcomes.put(e.getKey(), new Outcome(e.getKey(), effect, name));
            } catch (IllegalArgumentException ex) {
                problems.add(where + " outcome " + e.getKey() + ": " + ex.getMessage());
            }
        });
        if (outcomes.isEmpty()) {
            problems.add(where + ": no outcomes");
        }
        if (group.kind() == GroupKind.SCORED && weight.signum() <= 0) {
            problems.add(where + ": full marks must be positive");
        }
        return new Indicator(
                code,
                group,
                i.path("zh").asString(""),
                i.path("en").asString(""),
                weight,
                frequency,
                providers,
                self,
                outcomes);
    }

    /** The effect kinds each group may use: CASE/DEDUCT/ZERO/ASSESS/SET in 1–5, PENALTY in 6, BONUS in 7. */
    private static String fits(Effect effect, GroupKind kind, BigDecimal weight) {
        boolean allowed = switch (effect.kind()) {
            case CASE, DEDUCT, ZERO, ASSESS, SET -> kind == GroupKind.SCORED;
            case PENALTY, PENALTY_UP_TO -> kind == GroupKind.PENALTY;
            case BONUS -> kind == GroupKind.BONUS;
        };
        if (!allowed) {
            return effect + " does not belong in a " + kind + " group";
        }
        if ((effect.kind() == EffectKind.SET || effect.kind() == EffectKind.DEDUCT)
                && effect.amount().compareTo(weight) > 0) {
            return effect + " exceeds the indicator's full marks " + weight.toPlainString();
        }
        return null;
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        String value = node.path(field).asString("");
        if (value.isBlank()) {
            problems.add(field + ": missing");
            return null;
        }
        return value;
    }

    private static LocalDate date(JsonNode node, String field, List<String> problems) {
        String value = text(node, field, problems);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(field + ": not a date: " + value);
            return null;
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String where, List<String> problems) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            problems.add(where + ": unknown " + type.getSimpleName() + " '" + value + "'");
            return null;
        }
    }
}
