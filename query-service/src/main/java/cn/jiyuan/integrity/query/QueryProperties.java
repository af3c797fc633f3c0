package cn.jiyuan.integrity.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param groupId the consumer group of the read model's writers
 * @param tailInterval how often each instance reads newly stored records into memory (also woken by its own writer)
 * @param cachedFacts how many facts each instance holds in memory, packed (about 40 bytes each); the others are read
 *     back from PostgreSQL
 * @param rankingMaxAge how stale a date's rankings may be while records keep arriving
 * @param heartbeat the comment interval on the grade-change stream
 * @param fairShare what one caller may hold at once, and all together (429 beyond)
 * @param anonymousAuditWindow how often requests refused without a valid token are written, counted per address
 * @param monthEndsAhead how many of the last month ends each start evaluates and stores ahead if no instance has (24 by
 *     default; 0: none), so that a ranking as of one is read back rather than computed whole
 * @param nextDayAhead how long before midnight in China each instance evaluates the next day and keeps it fresh (10
 *     minutes by default; 0: not), so that at midnight the new day is refreshed rather than computed whole
 */
@ConfigurationProperties("query")
public record QueryProperties(
        String groupId,
        Duration pollTimeout,
        Duration tailInterval,
        long cachedFacts,
        Duration rankingMaxAge,
        Duration heartbeat,
        Duration maxBackoff,
        FairShareLimits fairShare,
        Duration anonymousAuditWindow,
        Integer monthEndsAhead,
        Duration nextDayAhead) {

    /**
     * @param streamsPerCaller grade-change streams one caller holds open
     * @param streams grade-change streams this instance holds open
     * @param streamBuffer events kept for one slow stream subscriber before it is dropped
     * @param computationsPerCaller dates one caller has computed at once (cached answers are free)
     * @param computations dates computed side by side; {@code computationQueue} more may wait
     */
    public record FairShareLimits(
            int streamsPerCaller,
            int streams,
            int streamBuffer,
            int computationsPerCaller,
            int computations,
            int computationQueue) {}

    public QueryProperties {
        if (fairShare == null) {
            fairShare = new FairShareLimits(5, 500, 1000, 2, 2, 32);
        }
        if (cachedFacts <= 0) {
            cachedFacts = 30_000_000;
        }
        if (monthEndsAhead == null) {
            monthEndsAhead = 24;
        }
        if (monthEndsAhead < 0) {
            throw new IllegalArgumentException("query.month-ends-ahead must be 0 or more, not " + monthEndsAhead);
        }
        if (nextDayAhead == null) {
            nextDayAhead = Duration.ofMinutes(10);
        }
        if (nextDayAhead.isNegative() || nextDayAhead.compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException(
                    "query.next-day-ahead must be between 0 and 12 hours, not " + nextDayAhead);
        }
        if (anonymousAuditWindow == null) {
            anonymousAuditWindow = Duration.ofMinutes(1);
        }
    }
}
