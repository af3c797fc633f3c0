package cn.jiyuan.integrity.ingest;

import cn.jiyuan.integrity.ingest.events.FactClaims;
import cn.jiyuan.integrity.ingest.persons.PersonKeys;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.support.ServiceConfig;
import cn.jiyuan.integrity.support.audit.AuditCallerFilter;
import cn.jiyuan.integrity.support.audit.AuditFilter;
import cn.jiyuan.integrity.support.audit.AuditTopic;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.persons.MasterKey;
import cn.jiyuan.integrity.support.retention.DailyPurge;
import cn.jiyuan.integrity.support.retention.RetentionProperties;
import cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;

@SpringBootApplication
@ServiceConfig("ingest-service")
@ConfigurationPropertiesScan
public class IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(IngestApplication.class, args);
    }

    @Bean
    FactValidator factValidator(Catalogs catalogs) {
        return new FactValidator(catalogs);
    }

    /** The key store of personal data, under the configured master key (the local default in local mode only). */
    @Bean
    PersonKeys personKeys(DatabaseClient db, Environment environment, Clock clock) {
        MasterKey master = MasterKey.of(
                environment.getProperty("integrity.person-keys.master-key"),
                environment.getProperty(IntegritySecurityConfiguration.LOCAL_MODE, Boolean.class, false));
        return new PersonKeys(db, master, clock);
    }

    /** Daily: the keys and claims of facts beyond retention go (the keys first: from then on no name opens). */
    @Bean
    DailyPurge retentionPurge(PersonKeys keys, FactClaims claims, Clock clock, RetentionProperties retention) {
        return new DailyPurge(
                "ingest key store and claims",
                clock,
                retention.checkEvery(),
                Duration.ofMinutes(5),
                today -> keys.destroyThrough(Window.retentionLimit(today)).block(Duration.ofMinutes(5))
                        + claims.forgetThrough(Window.retentionLimit(today)).block(Duration.ofMinutes(5)));
    }

    /** Imports of history go into the one audit trail the credit office lists (issue 15: an operator's writes). */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> auditProducer(KafkaProperties kafka) {
        return DeadLetters.producer(kafka, "ingest-service-audit");
    }

    @Bean
    AuditFilter auditFilter(Producer<String, byte[]> auditProducer, Clock clock) {
        return new AuditFilter(
                new AuditTopic(auditProducer, "ingest-service"),
                clock,
                Duration.ofMinutes(1),
                request -> request.getPath().value().startsWith("/api/v1/history/"));
    }

    @Bean
    AuditCallerFilter auditCallerFilter() {
        return new AuditCallerFilter();
    }
}
