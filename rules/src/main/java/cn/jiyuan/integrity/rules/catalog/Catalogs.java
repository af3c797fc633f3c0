package cn.jiyuan.integrity.rules.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every catalog version, oldest first; the one in force on a date answers for that date. */
public final class Catalogs {

    private static final String BASE = "/cn/jiyuan/integrity/rules/catalog/";

    private final List<Catalog> versions;

    public Catalogs(List<Catalog> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("at least one catalog version is needed");
        }
        List<Catalog> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(Catalog::effectiveFrom));
        this.versions = List.copyOf(sorted);
    }

    /** The versions shipped with this library (listed in {@code catalog/versions.txt}). */
    public static Catalogs standard() {
        return Holder.STANDARD;
    }

    /**
     * The version in force on {@code date}: the latest whose effectiveFrom is on or before it. Before the first
     * version took effect the first one applies (facts from 2021 on are scored under 第十五条 by the first measures).
     */
    public Catalog inForce(LocalDate date) {
        Catalog found = versions.get(0);
        for (Catalog c : versions) {
            if (!c.effectiveFrom().isAfter(date)) {
                found = c;
            }
        }
        return found;
    }

    public Optional<Catalog> version(String version) {
        return versions.stream().filter(c -> c.version().equals(version)).findFirst();
    }

    public List<Catalog> versions() {
        return versions;
    }

    private static final class Holder {
        static final Catalogs STANDARD = load();

        private static Catalogs load() {
            List<Catalog> loaded = new ArrayList<>();
            try (InputStream index = Catalogs.class.getResourceAsStream(BASE + "versions.txt")) {
                if (index == null) {
                    throw new IllegalStateException("catalog/versions.txt is missing from the classpath");
                }
                BufferedReader reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
                for (String line; (line = reader.readLine()) != null; ) {
                    String name = line.strip();
                    if (name.isEmpty() || name.startsWith("#")) {
                        continue;
                    }
                    try (InputStream in = Catalogs.class.getResourceAsStream(BASE + name)) {
                        if (in == null) {
                            throw new IllegalStateException("catalog " + name + " listed but missing");
                        }
                        loaded.add(CatalogLoader.load(name, in));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Catalogs(loaded);
        }
    }
}
