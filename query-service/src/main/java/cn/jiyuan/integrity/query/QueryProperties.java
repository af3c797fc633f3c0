package cn.jiyuan.integrity.query;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param groupId the consumer group of the read model's writers
 * @param tailInterval how often each instance reads newly stored records into memory (also woken by its own writer)
 * @param rankingMaxAge how stale a date's rankings may be while records keep arriving
 * @param heartbeat the comment interval on the grade-change stream
 */
@ConfigurationProperties("query")
public record QueryProperties(
        String groupId,
        Duration pollTimeout,
        Duration tailInterval,
        Duration rankingMaxAge,
        Duration heartbeat,
        Duration maxBackoff) {}
