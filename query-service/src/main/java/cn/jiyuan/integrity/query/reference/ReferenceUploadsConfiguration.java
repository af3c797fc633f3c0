package cn.jiyuan.integrity.query.reference;

import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.reference.ReferenceData;
import cn.jiyuan.integrity.support.reference.ReferenceDataFollower;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The query service takes the credit office's uploads of the calendar and the catalog. */
@Configuration(proxyBeanMethods = false)
class ReferenceUploadsConfiguration {

    /** Its producer lives as long as the context: a paused context (stopped, started again) keeps it. */
    @Bean(destroyMethod = "close")
    ReferenceUploads referenceUploads(ReferenceData data, ReferenceDataFollower follower, KafkaProperties kafka) {
        return new ReferenceUploads(data, follower, DeadLetters.producer(kafka, "query-service-reference-data"));
    }
}
