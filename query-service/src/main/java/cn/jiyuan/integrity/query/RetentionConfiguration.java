package cn.jiyuan.integrity.query;

import cn.jiyuan.integrity.query.audit.AuditLog;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.retention.DailyPurge;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import cn.jiyuan.integrity.support.retention.RetentionProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Retention in the query service (SCORING.md §2): the daily purge of the read model, the evaluations and the audit
 * log, and the gate that holds back answers which could still show what the day's purge takes away.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    /**
     * Daily: facts beyond retention leave the stored records and the memory (and every cached evaluation with them);
     * reads older than the audit trail's retention leave the audit log.
     */
    @Bean
    DailyPurge retentionPurge(
            ReadModel readModel,
            Evaluations evaluations,
            AuditLog auditLog,
            Clock clock,
            RetentionProperties retention,
            QueryProperties properties) {
        return new DailyPurge(
                "query read model and audit log", clock, retention.checkEvery(), properties.maxBackoff(), today -> {
                    ReadModel.Purge purged = readModel.purge(today);
                    evaluations.purged(purged);
                    return purged.records()
                            + auditLog.purgeBefore(clock.instant()
                                    .atZone(ChinaTime.ZONE)
                                    .minus(retention.auditLog())
                                    .toInstant());
                });
    }

    /** Answers that could show a fact that left retention at midnight wait for the day's purge. */
    @Bean
    RetentionGate retentionGate(DailyPurge retentionPurge) {
        return retentionPurge.gate();
    }
}
