package cn.jiyuan.integrity.support.retention;

import java.time.Duration;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param checkEvery how often a service looks whether the China date moved and its daily purge is due (default 1
 *     minute)
 * @param auditLog how long the audit trail keeps a read (default 5 years; query service)
 */
@ConfigurationProperties("integrity.retention")
public record RetentionProperties(Duration checkEvery, Period auditLog) {

    public RetentionProperties {
        if (checkEvery == null) {
            checkEvery = Duration.ofMinutes(1);
        }
        if (auditLog == null) {
            auditLog = Period.ofYears(5);
        }
        if (checkEvery.isNegative() || checkEvery.isZero()) {
            throw new IllegalArgumentException("integrity.retention.check-every must be positive");
        }
        if (auditLog.isNegative() || auditLog.isZero()) {
            throw new IllegalArgumentException("integrity.retention.audit-log must be positive");
        }
    }
}
