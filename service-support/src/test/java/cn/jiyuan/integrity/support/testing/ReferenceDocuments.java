package cn.jiyuan.integrity.support.testing;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.ReferenceKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/** Uploads of the calendar and the catalog as the query service puts them on integrity.reference-data.v1. */
public final class ReferenceDocuments {

    private ReferenceDocuments() {}

    /** A year's notice, e.g. {@code notice(2027, "{\"years\":{\"2027\":{\"off\":[\"01-01\"]}}}", at)}. */
    public static ReferenceDocument notice(int year, String content, Instant uploadedAt) {
        return document(ReferenceKind.CALENDAR_NOTICE, String.valueOf(year), content, uploadedAt);
    }

    public static ReferenceDocument revision(String version, String effectiveFrom, Instant uploadedAt) {
        return document(ReferenceKind.CATALOG_REVISION, version, catalogText(version, effectiveFrom), uploadedAt);
    }

    /** The shipped measures' catalog under another version and effective date, as a revision would be uploaded. */
    public static String catalogText(String version, String effectiveFrom) {
        String json;
        try (InputStream in =
                Catalogs.class.getResourceAsStream("/cn/jiyuan/integrity/rules/catalog/jgb-2022-44.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return json.replace("\"version\": \"jgb-2022-44\"", "\"version\": \"" + version + "\"")
                .replace("\"effectiveFrom\": \"2023-01-06\"", "\"effectiveFrom\": \"" + effectiveFrom + "\"");
    }

    private static ReferenceDocument document(ReferenceKind kind, String name, String content, Instant uploadedAt) {
        return ReferenceDocument.newBuilder()
                .setDocumentId(UUID.randomUUID().toString())
                .setKind(kind)
                .setName(name)
                .setContent(content)
                .setSha256("00".repeat(32))
                .setUploadedBy("xyb")
                .setUploadedAt(uploadedAt)
                .build();
    }
}
