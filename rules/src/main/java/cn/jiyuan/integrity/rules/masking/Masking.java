package cn.jiyuan.integrity.rules.masking;

import cn.jiyuan.integrity.rules.facts.Person;
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

    /**
     * Persons as a reader may see them: in clear when the rights say so ({@code Rights.readsNamesInClear}), else
     * masked.
     */
    public static List<Person> forReader(List<Person> persons, boolean clear) {
        if (persons == null) {
            return List.of();
        }
        if (clear) {
            return List.copyOf(persons);
        }
        return persons.stream()
                .map(p -> new Person(maskName(p.name()), p.position()))
                .toList();
    }
}
