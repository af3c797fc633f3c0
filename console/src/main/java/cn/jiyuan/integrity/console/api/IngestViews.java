package cn.jiyuan.integrity.console.api;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the ingest service answers (API.md "Ingest service"), as the console reads it. */
public final class IngestViews {

    private IngestViews() {}

    /** A fact stored in Kafka: when, whether late, and its deadline. */
    public record Accepted(String eventId, Instant recordedAt, boolean late, LocalDate deadline) {}

    /** One event's answer in a batch: 202/200 accepted, or a refusal with its reasons. */
    public record BatchResult(
            String eventId,
            int status,
            Instant recordedAt,
            Boolean late,
            LocalDate deadline,
            String title,
            String detail,
            List<ApiRefusal.FieldError> errors) {}

    public record BatchResults(List<BatchResult> results) {}
}
