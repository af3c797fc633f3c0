package cn.jiyuan.integrity.scoring.consumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the projection: DOWN when the consuming thread has died or while its batch cannot be applied (the
 * database does not answer; it is retried, and readiness comes back with the first batch applied); OUT_OF_SERVICE
 * while the units of the owned partitions are not yet evaluated for today (after start, a rebalance or midnight).
 */
public class ConsumerHealth implements HealthIndicator {

    private final ProjectionConsumer consumer;

    public ConsumerHealth(ProjectionConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public Health health() {
        if (!consumer.isConsuming()) {
            return Health.down()
                    .withDetail("reason", "the consumer is not running")
                    .build();
        }
        String failing = consumer.failing();
        if (failing != null) {
            return Health.down()
                    .withDetail("reason", "batch not applied: " + failing)
                    .build();
        }
        Health.Builder health = consumer.isCaughtUpWithTheDate()
                ? Health.up()
                : Health.outOfService().withDetail("reason", "re-evaluating the owned units for today");
        return health.withDetail("partitions", consumer.ownedPartitions()).build();
    }
}
