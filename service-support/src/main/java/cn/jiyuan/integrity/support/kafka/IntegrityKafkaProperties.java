package cn.jiyuan.integrity.support.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param replicationFactor replicas per partition of every integrity topic: 1 for the local single broker, 3 on a
 *     production cluster (min.insync.replicas then becomes 2)
 */
@ConfigurationProperties("integrity.kafka")
public record IntegrityKafkaProperties(Short replicationFactor) {

    public IntegrityKafkaProperties {
        if (replicationFactor == null) {
            replicationFactor = 1;
        }
    }
}
