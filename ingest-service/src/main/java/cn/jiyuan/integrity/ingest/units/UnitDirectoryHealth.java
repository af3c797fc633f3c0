package cn.jiyuan.integrity.ingest.units;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Not ready to take facts until the unit registry has been read (before that, unit checks would answer 503), nor
 * while it cannot follow the topic (it would miss registrations).
 */
@Component("unitDirectoryHealthIndicator") // contributes as "unitDirectory"
class UnitDirectoryHealth implements HealthIndicator {

    private final UnitDirectory directory;

    UnitDirectoryHealth(UnitDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Health health() {
        if (!directory.isLoaded()) {
            return Health.outOfService()
                    .withDetail("reason", "reading integrity.units.v1")
                    .build();
        }
        String error = directory.lastError();
        return error == null
                ? Health.up().build()
                : Health.down().withDetail("reason", error).build();
    }
}
