package cn.jiyuan.integrity.scoring;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.scoring.consumer.ConsumerHealth;
import cn.jiyuan.integrity.scoring.consumer.ProjectionConsumer;
import cn.jiyuan.integrity.scoring.grading.Grader;
import cn.jiyuan.integrity.scoring.projection.ProjectionStore;
import cn.jiyuan.integrity.scoring.projection.ProjectionWork;
import cn.jiyuan.integrity.scoring.projection.Projector;
import cn.jiyuan.integrity.scoring.replay.Commands;
import cn.jiyuan.integrity.support.ServiceConfig;
import cn.jiyuan.integrity.support.kafka.BatchConsumer;
import cn.jiyuan.integrity.support.outbox.OutboxRelay;
import cn.jiyuan.integrity.support.work.Signal;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

@SpringBootApplication
@ServiceConfig("scoring-service")
@ConfigurationPropertiesScan
public class ScoringApplication {

    /**
     * {@code java -jar scoring-service-exec.jar} runs the service; {@code … replay [--as-of=DATE]} and
     * {@code … checksum [--schema=S]} are the operators' tools (docs/operations.md "Replay and checksum").
     */
    public static void main(String[] args) {
        if (args.length > 0 && Commands.isCommand(args[0])) {
            System.exit(Commands.run(ScoringApplication.class, args));
        }
        SpringApplication.run(ScoringApplication.class, args);
    }

    @Bean
    Projector projector(Catalogs catalogs) {
        return new Projector(new ScoreFold(catalogs));
    }

    @Bean
    ProjectionStore projectionStore(DatabaseClient db) {
        return new ProjectionStore(db);
    }

    @Bean
    ProjectionWork projectionWork(
            ProjectionStore store,
            Projector projector,
            TransactionalOperator tx,
            ScoringProperties properties,
            MeterRegistry meters) {
        ProjectionWork work = new ProjectionWork(store, projector, tx, properties.cachedFacts());
        Gauge.builder("scoring.held.facts", work, ProjectionWork::cachedFacts)
                .description("facts of its units the consumer holds in memory, units counted one each (at most"
                        + " scoring.cached-facts)")
                .register(meters);
        return work;
    }

    @Bean
    Grader grader(DatabaseClient db, ProjectionStore store, TransactionalOperator tx, Clock clock) {
        return new Grader(db, store, tx, clock);
    }

    /** Encoded records out (outbox, dead letters): acks=all, idempotent — the shared producer settings. */
    @Bean(destroyMethod = "close")
    Producer<String, byte[]> byteProducer(KafkaProperties kafka) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "scoring-service-relay");
        return new KafkaProducer<>(props);
    }

    /** The advisory lock key of the scoring service's relay ("outbox" in ASCII). */
    static final long RELAY_LOCK = 0x6f7574626f780000L;

    /**
     * The outbox relay (unit-scores, grade-changes), exactly once; each of its transactions first share-locks the
     * projection's {@code meta}, like every transaction on the projection, so a replay's switch never interleaves.
     */
    @Bean
    OutboxRelay outboxRelay(
            DatabaseClient db, TransactionalOperator tx, Producer<String, byte[]> byteProducer, KafkaProperties kafka) {
        return new OutboxRelay(
                db,
                tx,
                byteProducer,
                new KafkaConsumer<>(
                        BatchConsumer.consumerProperties(kafka, "scoring-service-outbox-reader"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer()),
                RELAY_LOCK,
                1000,
                db.sql("SELECT generation FROM meta FOR SHARE").then());
    }

    @Bean
    Signal gradingSignal() {
        return new Signal();
    }

    @Bean
    Signal relaySignal() {
        return new Signal();
    }

    @Bean
    @ConditionalOnProperty(name = "scoring.live", havingValue = "true", matchIfMissing = true)
    ProjectionConsumer projectionConsumer(
            KafkaProperties kafka,
            Producer<String, byte[]> byteProducer,
            ProjectionWork work,
            Clock clock,
            ScoringProperties properties,
            Signal gradingSignal,
            Signal relaySignal,
            MeterRegistry meters,
            Catalogs catalogs) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // the positions are stored with the projection; one the broker does not serve is waited for (Positions)
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Co-partitioning: the same partition numbers of the three topics go to the same instance.
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "scoring-service-consumer");
        return new ProjectionConsumer(
                props,
                byteProducer,
                work,
                clock,
                properties.pollTimeout(),
                properties.maxBackoff(),
                gradingSignal,
                relaySignal,
                meters,
                catalogs);
    }

    /** Contributes as "scoringConsumer" (readiness group, scoring-service.yml). */
    @Bean
    @ConditionalOnProperty(name = "scoring.live", havingValue = "true", matchIfMissing = true)
    ConsumerHealth scoringConsumerHealthIndicator(ProjectionConsumer projectionConsumer) {
        return new ConsumerHealth(projectionConsumer);
    }

    @Bean
    @ConditionalOnProperty(name = "scoring.live", havingValue = "true", matchIfMissing = true)
    Workers workers(
            Grader grader,
            OutboxRelay relay,
            Signal gradingSignal,
            Signal relaySignal,
            ScoringProperties properties,
            MeterRegistry meters) {
        return new Workers(grader, relay, gradingSignal, relaySignal, properties.maxBackoff(), meters);
    }
}
