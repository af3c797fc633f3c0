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
import java.util.function.Supplier;

/**
 * Every catalog version, oldest first; the one in force on a date answers for that date. The versions are data: those
 * shipped with this library, and the revisions the credit office uploads ({@link #withRevision}). A value;
 * {@link #following} makes a view that always answers with the versions a supplier gives, which is how a running
 * service takes up a revision without a restart.
 */
public final class Catalogs {

    private static final String BASE = "/cn/jiyuan/integrity/rules/catalog/";

    private final Supplier<List<Catalog>> versions;

    /** Why a revision cannot be added: the field of the revision at fault, and the reason. */
    public record Refusal(String field, String message) {}

    public Catalogs(List<Catalog> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("at least one catalog version is needed");
        }
        List<Catalog> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparing(Catalog::effectiveFrom));
        List<Catalog> fixed = List.copyOf(sorted);
        this.versions = () -> fixed;
    }

    private Catalogs(Supplier<List<Catalog>> versions) {
        this.versions = versions;
    }

    /** A view that answers, at each call, with the versions {@code current} gives then. */
    public static Catalogs following(Supplier<Catalogs> current) {
        return new Catalogs(() -> current.get().versions());
    }

    /**
     * Why {@code revision} cannot be added on {@code today}, or empty: it must take effect after today (a score of
     * today or of any past day never changes by a revision, so a replay tomorrow agrees with what was served today),
     * after the latest version, and under a name not used yet.
     */
    public Optional<Refusal> revisionRefusal(Catalog revision, LocalDate today) {
        if (version(revision.version()).isPresent()) {
            return Optional.of(new Refusal("version", "a catalog " + revision.version() + " exists already"));
        }
        if (!revision.effectiveFrom().isAfter(today)) {
            return Optional.of(new Refusal(
                    "effectiveFrom",
                    "must be after today (" + today + "): a revision changes no past or present score"));
        }
        Catalog latest = versions().get(versions().size() - 1);
        if (!revision.effectiveFrom().isAfter(latest.effectiveFrom())) {
            return Optional.of(new Refusal(
                    "effectiveFrom",
                    "must be after " + latest.effectiveFrom() + ", when the latest version " + latest.version()
                            + " took effect"));
        }
        return Optional.empty();
    }

    /**
     * These versions and {@code revision} after them.
     *
     * @throws IllegalArgumentException if its name is taken or it does not take effect after the latest version
     */
    public Catalogs withRevision(Catalog revision) {
        revisionRefusal(revision, LocalDate.MIN).ifPresent(refused -> {
            throw new IllegalArgumentException(refused.field() + ": " + refused.message());
        });
        List<Catalog> all = new ArrayList<>(versions());
        all.add(revision);
        return new Catalogs(all);
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
        List<Catalog> all = versions();
        Catalog found = all.get(0);
        for (Catalog c : all) {
            if (!c.effectiveFrom().isAfter(date)) {
                found = c;
            }
        }
        return found;
    }

    public Optional<Catalog> version(String version) {
        return versions().stream().filter(c -> c.version().equals(version)).findFirst();
    }

    public List<Catalog> versions() {
        return versions.get();
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
