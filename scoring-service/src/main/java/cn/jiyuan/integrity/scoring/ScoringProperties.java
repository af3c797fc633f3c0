package cn.jiyuan.integrity.scoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param groupId the consumer group the instances share (they split the partitions)
 * @param maxPollRecords records per poll, and so per database transaction
 * @param pollTimeout how long a poll waits for records
 * @param maxBackoff the longest wait between retries while PostgreSQL or Kafka is unavailable
 * @param live false for the command-line tools (replay, checksum): no consumer, grader or relay
 * @param cachedFacts how many facts of its units an instance keeps in memory between batches, packed (about 40 bytes
 *     of heap each, and a few hundred a unit; beyond, the units used longest ago are read back from PostgreSQL when
 *     next touched: docs/benchmarks/province-scale.md)
 */
@ConfigurationProperties("scoring")
public record ScoringProperties(
        String groupId,
        int maxPollRecords,
        Duration pollTimeout,
        Duration maxBackoff,
        Boolean live,
        Integer cachedFacts) {

    public ScoringProperties {
        live = live == null || live;
        cachedFacts = cachedFacts == null ? 30_000_000 : cachedFacts;
    }
}
