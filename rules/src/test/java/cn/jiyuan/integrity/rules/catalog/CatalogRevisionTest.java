package cn.jiyuan.integrity.rules.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A revised catalog uploaded by the credit office: when it may be added, and from when it answers. */
class CatalogRevisionTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    private final Catalogs shipped = Catalogs.standard();

    @Test
    void aRevisionTakesEffectOnItsDayAndNotBefore() {
        Catalog revision = revision("jgb-2027-1", "2027-01-01");
        assertThat(shipped.revisionRefusal(revision, TODAY)).isEmpty();

        Catalogs revised = shipped.withRevision(revision);
        assertThat(revised.inForce(LocalDate.of(2026, 12, 31)).version()).isEqualTo("jgb-2022-44");
        assertThat(revised.inForce(LocalDate.of(2027, 1, 1)).version()).isEqualTo("jgb-2027-1");
        assertThat(revised.versions()).extracting(Catalog::version).containsExactly("jgb-2022-44", "jgb-2027-1");
        assertThat(shipped.versions())
                .as("the catalogs it was made from are unchanged")
                .hasSize(1);
    }

    @Test
    void aRevisionMustTakeEffectAfterToday() {
        assertThat(shipped.revisionRefusal(revision("jgb-2026-2", "2026-11-27"), TODAY))
                .hasValueSatisfying(r -> {
                    assertThat(r.field()).isEqualTo("effectiveFrom");
                    assertThat(r.message()).contains("after today (2026-11-27)");
                });
    }

    @Test
    void aRevisionMustTakeEffectAfterTheLatestVersionAndHaveANewName() {
        Catalogs revised = shipped.withRevision(revision("jgb-2027-1", "2027-03-01"));
        assertThat(revised.revisionRefusal(revision("jgb-2027-2", "2027-02-01"), TODAY))
                .hasValueSatisfying(r -> assertThat(r.message()).contains("after 2027-03-01"));
        assertThat(revised.revisionRefusal(revision("jgb-2027-1", "2027-06-01"), TODAY))
                .hasValueSatisfying(r -> assertThat(r.field()).isEqualTo("version"));
        assertThatThrownBy(() -> revised.withRevision(revision("jgb-2027-1", "2027-06-01")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exists already");
    }

    @Test
    void aViewFollowsTheCatalogsItIsGiven() {
        AtomicReference<Catalogs> current = new AtomicReference<>(shipped);
        Catalogs live = Catalogs.following(current::get);
        assertThat(live.inForce(LocalDate.of(2027, 1, 1)).version()).isEqualTo("jgb-2022-44");
        current.set(shipped.withRevision(revision("jgb-2027-1", "2027-01-01")));
        assertThat(live.inForce(LocalDate.of(2027, 1, 1)).version()).isEqualTo("jgb-2027-1");
        assertThat(live.version("jgb-2027-1")).isPresent();
    }

    /** The shipped measures under another name and date, as a revision would arrive. */
    static Catalog revision(String version, String effectiveFrom) {
        String json;
        try (InputStream in =
                Catalogs.class.getResourceAsStream("/cn/jiyuan/integrity/rules/catalog/jgb-2022-44.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        json = json.replace("\"version\": \"jgb-2022-44\"", "\"version\": \"" + version + "\"")
                .replace("\"effectiveFrom\": \"2023-01-06\"", "\"effectiveFrom\": \"" + effectiveFrom + "\"");
        return CatalogLoader.load(version, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
