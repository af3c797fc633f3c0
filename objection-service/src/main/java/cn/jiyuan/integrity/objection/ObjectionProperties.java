package cn.jiyuan.integrity.objection;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param groupId the consumer group of the facts read model
 * @param overdueCheckInterval how often objections past their deadline are looked for (each is flagged once)
 * @param anonymousAuditWindow reads without a valid token are counted per client address and audited once per window
 */
@ConfigurationProperties("objection")
public record ObjectionProperties(
        String groupId,
        Duration pollTimeout,
        Duration overdueCheckInterval,
        Duration maxBackoff,
        Duration anonymousAuditWindow) {}
