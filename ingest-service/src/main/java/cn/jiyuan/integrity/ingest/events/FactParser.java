package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.rules.validation.FactSubmission;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.web.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The JSON of one fact (API.md) to a {@link FactSubmission}, noting type errors; the rules check the rest. */
final class FactParser {

    /** Generous bounds for the type check; the validator applies the real limits with clear messages. */
    private static final int TEXT_BOUND = 100_000;

    private FactParser() {}

    record Parsed(FactSubmission submission, List<Violation> violations) {}

    static Parsed parse(JsonNode node) {
        List<Violation> v = new ArrayList<>();
        Json.Reader json = Json.read(
                node,
                v,
                "eventId",
                "unitId",
                "indicator",
                "outcome",
                "points",
                "period",
                "occurredOn",
                "reference",
                "summary",
                "persons");
        List<Person> persons = null;
        JsonNode array = json.array("persons", FactValidator.MAX_PERSONS);
        if (array != null) {
            persons = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                List<Violation> pv = new ArrayList<>();
                Json.Reader p = Json.read(array.get(i), pv, "name", "position");
                persons.add(new Person(p.text("name", false, TEXT_BOUND), p.text("position", false, TEXT_BOUND)));
                String at = "persons[" + i + "]";
                pv.forEach(
                        x -> v.add(new Violation(x.field().equals("body") ? at : at + "." + x.field(), x.message())));
            }
        }
        FactSubmission submission = new FactSubmission(
                json.text("eventId", false, TEXT_BOUND),
                json.text("unitId", false, TEXT_BOUND),
                json.text("indicator", false, TEXT_BOUND),
                json.text("outcome", false, TEXT_BOUND),
                json.decimal("points"),
                json.text("period", false, TEXT_BOUND),
                json.date("occurredOn", false),
                json.text("reference", false, TEXT_BOUND),
                json.freeText("summary", false, TEXT_BOUND),
                persons);
        return new Parsed(submission, v);
    }
}
