package cn.jiyuan.integrity.objection;

import cn.jiyuan.integrity.objection.facts.FactDirectory;
import cn.jiyuan.integrity.objection.workflow.CorrectionStore;
import cn.jiyuan.integrity.objection.workflow.CorrectionWorkflow;
import cn.jiyuan.integrity.objection.workflow.ObjectionStore;
import cn.jiyuan.integrity.objection.workflow.ObjectionWorkflow;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.support.ServiceConfig;
import cn.jiyuan.integrity.support.audit.AuditCallerFilter;
import cn.jiyuan.integrity.support.audit.AuditFilter;
import cn.jiyuan.integrity.support.audit.AuditTopic;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.kafka.BatchConsumer;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.outbox.OutboxRelay;
import cn.jiyuan.integrity.support.retention.DailyPurge;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import cn.jiyuan.integrity.support.retention.RetentionProperties;
import cn.jiyuan.integrity.support.work.Signal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

@SpringBootApplication
@ServiceConfig("objection-service")
@ConfigurationPropertiesScan
public class ObjectionApplication {

    public static void main(String[] args) {
        SpringApplication.run(ObjectionApplication.class, args);
    }

    @Bean
    ObjectionStore objectionStore(DatabaseClient db, ObjectProvider<JsonMapper> json) {
        return new ObjectionStore(
                db, json.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    CorrectionStore correctionStore(DatabaseClient db) {
        return new CorrectionStore(db);
    }

    @Bean
    CorrectionWorkflow correctionWorkflow(
            CorrectionStore corrections,
            ObjectionStore objections,
            TransactionalOperator tx,
            Catalogs catalogs,
            Clock clock,
            Signal relaySignal) {
        return new CorrectionWorkflow(corrections, objections, tx, catalogs, clock, relaySignal);
    }

    @Bean
    Signal relaySignal() {
        return new Signal();
    }

    @Bean
    ObjectionWorkflow objectionWorkflow(
            ObjectionStore store,
            TransactionalOperator tx,
            Catalogs catalogs,
            WorkdayCalendar calendar,
            Clock clock,
            Signal relaySignal) {
        return new ObjectionWorkflow(store, tx, catalogs, calendar, clock, relaySignal);
    }

    /** The outbox's producer: acks=all, idempotent — the shared producer settings. */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> outboxProducer(KafkaProperties kafka) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "objection-service-relay");
        return new KafkaProducer<>(props);
    }

    /** The advisory lock key of the objection service's relay ("objbox" in ASCII). */
    static final long RELAY_LOCK = 0x6f626a626f780000L;

    @Bean
    OutboxRelay outboxRelay(
            DatabaseClient db,
            TransactionalOperator tx,
            Producer<String, byte[]> outboxProducer,
            KafkaProperties kafka) {
        return new OutboxRelay(
                db,
                tx,
                outboxProducer,
                new KafkaConsumer<>(
                        BatchConsumer.consumerProperties(kafka, "objection-service-outbox-reader"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                RELAY_LOCK,
                500,
                Mono.empty());
    }

    /** The read model of facts: a consumer group of its own; "factDirectory" in the readiness group. */
    @Bean
    BatchConsumer factDirectory(
            KafkaProperties kafka,
            DatabaseClient db,
            ObjectionProperties properties,
            Catalogs catalogs,
            Producer<String, byte[]> outboxProducer,
            FactDirectory factStore) {
        Map<String, Object> props = BatchConsumer.consumerProperties(kafka, "objection-service-facts");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new BatchConsumer(
                "objection-fact-directory",
                props,
                List.of(IntegrityTopics.CREDIT_EVENTS.name()),
                properties.pollTimeout(),
                properties.maxBackoff(),
                factStore);
    }

    @Bean
    FactDirectory factStore(
            DatabaseClient db, Catalogs catalogs, Producer<String, byte[]> outboxProducer, Clock clock) {
        return new FactDirectory(
                db, new LogRecords(catalogs), new DeadLetters(outboxProducer, "objection-fact-directory"), clock);
    }

    /** Daily: facts beyond retention leave with their objections, histories and corrections. */
    @Bean
    DailyPurge retentionPurge(
            FactDirectory facts, Clock clock, RetentionProperties retention, ObjectionProperties properties) {
        return new DailyPurge(
                "objection store",
                clock,
                retention.checkEvery(),
                properties.maxBackoff(),
                today -> facts.purgeThrough(Window.retentionLimit(today)));
    }

    /** Reads of facts, objections and corrections wait for the day's purge just after midnight. */
    @Bean
    RetentionGate retentionGate(DailyPurge retentionPurge) {
        return retentionPurge.gate();
    }

    @Bean
    Workers workers(OutboxRelay relay, ObjectionWorkflow workflow, Signal relaySignal, ObjectionProperties properties) {
        return new Workers(relay, workflow, relaySignal, properties);
    }

    /** Reads of this service go into the one audit trail (API.md: "audited like the query service's"; audit D5). */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> auditProducer(KafkaProperties kafka) {
        return DeadLetters.producer(kafka, "objection-service-audit");
    }

    @Bean
    AuditFilter auditFilter(Producer<String, byte[]> auditProducer, Clock clock, ObjectionProperties properties) {
        return new AuditFilter(
                new AuditTopic(auditProducer, "objection-service"),
                clock,
                properties.anonymousAuditWindow(),
                request -> request.getMethod() == HttpMethod.GET);
    }

    @Bean
    AuditCallerFilter auditCallerFilter() {
        return new AuditCallerFilter();
    }
}
