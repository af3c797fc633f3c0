package cn.jiyuan.integrity.support.reference;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param loadTimeout how long a service waits at start for {@code integrity.reference-data.v1} to be read before it
 *     refuses to start (default two minutes)
 */
@ConfigurationProperties("integrity.reference-data")
public record ReferenceDataProperties(Duration loadTimeout) {

    public ReferenceDataProperties {
        if (loadTimeout == null) {
            loadTimeout = Duration.ofMinutes(2);
        }
    }
}
