package cn.jiyuan.integrity.rules.catalog;

import java.util.List;

/** A catalog data file that cannot be used; lists every problem found. */
public class CatalogException extends RuntimeException {

    private final List<String> problems;

    public CatalogException(String source, List<String> problems) {
        super("catalog " + source + " is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
