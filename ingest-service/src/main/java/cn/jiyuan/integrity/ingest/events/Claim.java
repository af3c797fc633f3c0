package cn.jiyuan.integrity.ingest.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An eventId claimed for one content, with the answer fixed at claim time; {@code occurredOn} says when the claim
 * leaves with the fact (null for claims made before it was kept).
 */
record Claim(
        UUID eventId,
        String contentHash,
        String unitId,
        String providerOrg,
        String submittedBy,
        String catalogVersion,
        Instant recordedAt,
        boolean late,
        LocalDate deadline,
        LocalDate occurredOn) {}
