package cn.jiyuan.integrity.support.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param replicationFactor replicas per partition of every integrity topic: 1 for the local single broker, 3 on a
 *     production cluster (min.insync.replicas then becomes 2)
 * @param createTopics whether the service creates the topics it misses at start (the local stack, Compose); false
 *     where the operator creates them and the services' principals may not (ACLs without CREATE, Strimzi's
 *     KafkaTopic resources, the cluster mode): the service then does not try, and logs no refusal at every start
 */
@ConfigurationProperties("integrity.kafka")
public record IntegrityKafkaProperties(Short replicationFactor, Boolean createTopics) {

    public IntegrityKafkaProperties {
        if (replicationFactor == null) {
            replicationFactor = 1;
        }
        if (createTopics == null) {
            createTopics = true;
        }
    }
}
