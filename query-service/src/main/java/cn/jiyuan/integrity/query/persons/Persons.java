package cn.jiyuan.integrity.query.persons;

import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.persons.PersonSeal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The persons a fact names, for display (masked or not is the caller's business): opened with the fact's key when
 * they travel sealed, as they are in records written before sealing. A fact whose key is gone names nobody any more.
 */
public class Persons {

    private final PersonKeyClient keys;

    public Persons(PersonKeyClient keys) {
        this.keys = keys;
    }

    /** eventId → persons, for every fact given (an empty list for a fact naming nobody, or whose key is gone). */
    public Mono<Map<String, List<Person>>> of(Collection<CreditFact> facts) {
        List<String> sealed = facts.stream()
                .filter(f -> f.getSealedPersons() != null)
                .map(CreditFact::getEventId)
                .toList();
        return keys.keys(sealed).map(found -> {
            Map<String, List<Person>> persons = new HashMap<>();
            for (CreditFact f : facts) {
                persons.put(f.getEventId(), persons(f, found.get(f.getEventId())));
            }
            return persons;
        });
    }

    private static List<Person> persons(CreditFact f, byte[] key) {
        if (f.getSealedPersons() != null) {
            return key == null ? List.of() : PersonSeal.open(f.getEventId(), f.getSealedPersons(), key);
        }
        return f.getPersons().stream()
                .map(p -> new Person(p.getName(), p.getPosition()))
                .toList();
    }
}
