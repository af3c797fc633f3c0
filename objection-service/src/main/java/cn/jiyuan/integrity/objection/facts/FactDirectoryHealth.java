package cn.jiyuan.integrity.objection.facts;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Readiness: the read model of facts is being kept (objections to new facts depend on it). */
public class FactDirectoryHealth implements HealthIndicator {

    private final FactDirectory directory;

    public FactDirectoryHealth(FactDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Health health() {
        return directory.isConsuming()
                ? Health.up().build()
                : Health.outOfService()
                        .withDetail("reason", directory.lastError() == null ? "starting" : directory.lastError())
                        .build();
    }
}
