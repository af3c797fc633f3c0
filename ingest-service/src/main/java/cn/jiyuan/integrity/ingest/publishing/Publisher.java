package cn.jiyuan.integrity.ingest.publishing;

import cn.jiyuan.integrity.schemas.Topic;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Completes only when the broker has acknowledged every record with acks=all (idempotent producer). Any failure
 * becomes a 503 with Retry-After: the caller never gets a 2xx for a record that is not durably stored.
 */
@Component
public class Publisher {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

    private final KafkaTemplate<String, SpecificRecord> kafka;
    /** What a 503 tells the caller to wait ({@code ingest.retry-after}). */
    private final Duration retryAfter;

    public Publisher(KafkaTemplate<String, SpecificRecord> kafka, @Value("${ingest.retry-after}") Duration retryAfter) {
        this.kafka = kafka;
        this.retryAfter = retryAfter;
    }

    public record Message(Topic topic, String key, SpecificRecord value) {}

    public Mono<Void> publish(Topic topic, String key, SpecificRecord value) {
        return publishAll(List.of(new Message(topic, key, value)));
    }

    /** Sends all, then waits for all acknowledgements; fails if any fails. */
    public Mono<Void> publishAll(List<Message> messages) {
        if (messages.isEmpty()) {
            return Mono.empty();
        }
        return Flux.fromIterable(messages)
                .flatMap(
                        m -> Mono.defer(
                                () -> Mono.fromFuture(kafka.send(m.topic().name(), m.key(), m.value()))),
                        messages.size())
                .then()
                // KafkaProducer.send may block up to max.block.ms while it has no metadata: never on an event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(e -> !(e instanceof Refusal), e -> {
                    LOG.warn("Kafka did not acknowledge {} record(s): {}", messages.size(), e.toString());
                    return Refusal.unavailable(
                            "the event log cannot acknowledge writes right now; nothing was accepted — retry later",
                            retryAfter);
                });
    }
}
