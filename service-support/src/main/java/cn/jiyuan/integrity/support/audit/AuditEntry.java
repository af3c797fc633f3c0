package cn.jiyuan.integrity.support.audit;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One audited request (第十三条): who, for which purpose, what, as of which date, when, and how it was answered;
 * {@code repeated} is how many refusals of one anonymous client the entry stands for (1 for every other request).
 */
public record AuditEntry(
        Instant at,
        String subject,
        String org,
        String roles,
        String purpose,
        String method,
        String resource,
        String unitId,
        LocalDate asOf,
        int status,
        int repeated) {}
