package cn.jiyuan.integrity.rules.masking;

import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Role;
import java.util.List;

/** A name keeps its first character, every other character becomes {@code *}: 张三 → 张*, 欧阳娜娜 → 欧***. */
public final class Masking {

    private Masking() {}

    public static String maskName(String name) {
        if (name == null || name.isEmpty()) {
            return name;
        }
        int[] codePoints = name.codePoints().toArray();
        if (codePoints.length == 1) {
            return "*"; // keeping the only character would show the whole name
        }
        StringBuilder masked = new StringBuilder().appendCodePoint(codePoints[0]);
        masked.append("*".repeat(codePoints.length - 1));
        return masked.toString();
    }

    /** Persons as {@code reader} may see them: in clear for the credit office and the fact's provider only. */
    public static List<Person> forReader(List<Person> persons, Caller reader, String providerOrg) {
        if (persons == null) {
            return List.of();
        }
        boolean clear = reader.has(Role.CREDIT_OFFICE) || reader.org().equals(providerOrg);
        if (clear) {
            return List.copyOf(persons);
        }
        return persons.stream()
                .map(p -> new Person(maskName(p.name()), p.position()))
                .toList();
    }
}
