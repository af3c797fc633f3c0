package cn.jiyuan.integrity.query.stream;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.kafka.TopicFollower;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Every grade change on {@code integrity.grade-changes.v1}, read by each instance from the beginning with a
 * {@link TopicFollower} (grade changes are few: one per unit whose grade moved) and kept in memory, then fanned out live
 * to any number of subscribers. A record that is not a grade change goes to the topic's dead letters, as with every
 * other follower.
 *
 * <p>An event's id is the position of the whole topic just after it: the next offset of every partition, e.g.
 * {@code 12.7.0.3.9.4}. It means the same on every instance and after restarts, so a subscriber that reconnects
 * with {@code Last-Event-ID} gets exactly the changes it has not seen, on whichever instance it lands.
 */
public class GradeChangeFeed implements SmartLifecycle {

    /** A grade change at a position. */
    public record Event(String id, int partition, long offset, GradeChange change) {}

    private final TopicFollower follower;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final List<Event> history = new ArrayList<>();
    private final Sinks.Many<Event> live = Sinks.many().multicast().directBestEffort();
    private long[] next = new long[0];

    public GradeChangeFeed(KafkaProperties kafka) {
        this.follower =
                new TopicFollower("query-grade-change-feed", IntegrityTopics.GRADE_CHANGES.name(), kafka, this::apply);
    }

    /**
     * On the follower's thread, in each partition's order. A record before a partition's next position was applied
     * already: the follower reads a poll again when it failed part-way.
     */
    Optional<String> apply(ConsumerRecord<String, byte[]> r) {
        int partitions = Math.max(follower.partitionCount(), r.partition() + 1);
        if (next.length < partitions) {
            next = Arrays.copyOf(next, partitions);
        }
        if (r.offset() < next[r.partition()]) {
            return Optional.empty();
        }
        GradeChange change;
        try {
            change = (GradeChange) avro.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            return Optional.of("cannot be decoded: " + e);
        }
        next[r.partition()] = r.offset() + 1;
        Event event = new Event(id(next), r.partition(), r.offset(), change);
        synchronized (history) {
            history.add(event);
            live.tryEmitNext(event);
        }
        return Optional.empty();
    }

    private static String id(long[] next) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < next.length; i++) {
            if (i > 0) {
                b.append('.');
            }
            b.append(next[i]);
        }
        return b.toString();
    }

    /**
     * The changes after {@code lastEventId} (all of them kept in memory when null; none of the past when
     * {@code lastEventId} is "now"), then every new one as it is read.
     */
    public Flux<Event> after(String lastEventId) {
        long[] from = parse(lastEventId);
        return Flux.create(sink -> {
            // Under the lock the feed appends and emits with: nothing between the missed ones and the live ones.
            synchronized (history) {
                if (from != null) {
                    history.stream()
                            .filter(e -> e.partition() >= from.length || e.offset() >= from[e.partition()])
                            .forEach(sink::next);
                }
                sink.onDispose(live.asFlux().subscribe(sink::next, sink::error, sink::complete));
            }
        });
    }

    /** Null for "nothing missed" (a first connection); the positions of a {@code Last-Event-ID} otherwise. */
    static long[] parse(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank()) {
            return null;
        }
        try {
            return Arrays.stream(lastEventId.strip().split("\\."))
                    .mapToLong(Long::parseLong)
                    .toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Last-Event-ID must be the id of an event of this stream");
        }
    }

    /** Whether the topic has been read up to the end it had when the feed started. */
    public boolean isCaughtUp() {
        return follower.isLoaded();
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public void stop() {
        follower.stop();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }
}
