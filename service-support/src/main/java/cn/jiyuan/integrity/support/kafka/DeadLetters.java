package cn.jiyuan.integrity.support.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Where a consumer puts a record it cannot decode or refuses to apply: {@code <topic>.DLT}, the record's key and
 * bytes unchanged, with where it came from ({@code dlt-original-topic}, {@code -partition}, {@code -offset}) and why
 * ({@code dlt-reason}). A consumer sends, waits for the acknowledgement, and only then moves past the record — so a
 * record is never lost, and never blocks what comes after it.
 */
public final class DeadLetters {

    public static final String REASON = "dlt-reason";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int MAX_REASON = 1000;

    private final Producer<String, byte[]> producer;
    private final String consumerName;

    public DeadLetters(Producer<String, byte[]> producer, String consumerName) {
        this.producer = producer;
        this.consumerName = consumerName;
    }

    public Future<RecordMetadata> send(ConsumerRecord<String, byte[]> r, String reason) {
        String why = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
        LOG.warn(
                "{}: record {}-{}@{} is not applied, to {}: {}",
                consumerName,
                r.topic(),
                r.partition(),
                r.offset(),
                r.topic() + ".DLT",
                why);
        ProducerRecord<String, byte[]> dlt = new ProducerRecord<>(r.topic() + ".DLT", r.key(), r.value());
        dlt.headers()
                .add(new RecordHeader("dlt-original-topic", bytes(r.topic())))
                .add(new RecordHeader("dlt-original-partition", bytes(Integer.toString(r.partition()))))
                .add(new RecordHeader("dlt-original-offset", bytes(Long.toString(r.offset()))))
                .add(new RecordHeader("dlt-consumer", bytes(consumerName)))
                .add(new RecordHeader(REASON, bytes(why)));
        return producer.send(dlt);
    }

    /** A producer of raw records (the services' shared Kafka settings: acks=all, idempotent) for dead letters. */
    public static Producer<String, byte[]> producer(KafkaProperties kafka, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Waits until every send is acknowledged; throws (the caller retries its batch) if one is not. */
    public static void awaitAll(List<Future<RecordMetadata>> sent) {
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the dead-letter topic did not acknowledge: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
