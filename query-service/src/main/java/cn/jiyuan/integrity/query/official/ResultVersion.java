package cn.jiyuan.integrity.query.official;

import cn.jiyuan.integrity.rules.evaluation.ResultStatus;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One frozen version of a year's official result, without its units; {@code publication} is null until it is
 * published.
 */
public record ResultVersion(
        int year,
        int version,
        LocalDate asOf,
        String catalogVersion,
        String checksum,
        int unitCount,
        Instant frozenAt,
        String frozenBy,
        String signedOffBy,
        String reason,
        Publication publication) {

    /** 公示: when and by whom, until when; {@code sentAt} null until the result is on its topic. */
    public record Publication(
            Instant publishedAt,
            String publishedBy,
            int publicityWorkingDays,
            LocalDate publicityEndsOn,
            Instant sentAt) {}

    public ResultStatus status(Integer latestPublished, LocalDate today) {
        return ResultStatus.of(
                version, publication == null ? null : publication.publicityEndsOn(), latestPublished, today);
    }
}
