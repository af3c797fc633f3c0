package cn.jiyuan.integrity.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the Kafka cluster answers (its brokers can be listed within a few seconds): part of every service's
 * readiness, so a load balancer stops sending writes that could only be answered 503 (probe D6). The answer is kept
 * for {@code cacheFor}: probes every second do not each ask the cluster.
 */
public class KafkaHealth implements HealthIndicator, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Admin admin;
    private final Duration cacheFor;
    private volatile Health last;
    private volatile long lastAt;

    public KafkaHealth(Map<String, Object> adminProperties, Duration cacheFor) {
        this.admin = Admin.create(adminProperties);
        this.cacheFor = cacheFor;
    }

    @Override
    public synchronized Health health() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < cacheFor.toNanos()) {
            return last;
        }
        Health health;
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .size();
            health = Health.up().withDetail("brokers", brokers).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            health = Health.down()
                    .withDetail("reason", "the Kafka cluster does not answer")
                    .build();
        }
        last = health;
        lastAt = System.nanoTime();
        return health;
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(5));
    }
}
