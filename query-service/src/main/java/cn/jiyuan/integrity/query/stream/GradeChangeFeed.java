package cn.jiyuan.integrity.query.stream;

import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.kafka.Positions;
import cn.jiyuan.integrity.support.work.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Every grade change on {@code integrity.grade-changes.v1}, read by each instance from the beginning (grade changes
 * are few: one per unit whose grade moved) and kept in memory, then fanned out live to any number of subscribers.
 *
 * <p>An event's id is the position of the whole topic just after it: the next offset of every partition, e.g.
 * {@code 12.7.0.3.9.4}. It means the same on every instance and after restarts, so a subscriber that reconnects
 * with {@code Last-Event-ID} gets exactly the changes it has not seen, on whichever instance it lands.
 */
public class GradeChangeFeed implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(GradeChangeFeed.class);

    /** A grade change at a position. */
    public record Event(String id, int partition, long offset, GradeChange change) {}

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final List<Event> history = new ArrayList<>();
    private final Sinks.Many<Event> live = Sinks.many().multicast().directBestEffort();
    private volatile boolean running;
    private volatile boolean caughtUp;
    private Thread thread;

    public GradeChangeFeed(Supplier<Consumer<String, byte[]>> consumers) {
        this.consumers = consumers;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "query-grade-change-feed");
        thread.start();
    }

    private void run() {
        String topic = IntegrityTopics.GRADE_CHANGES.name();
        while (running) {
            try (Consumer<String, byte[]> consumer = consumers.get()) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .sorted(Comparator.comparingInt(TopicPartition::partition))
                        .toList();
                consumer.assign(partitions);
                long[] next = new long[partitions.size()];
                synchronized (history) {
                    for (Event e : history) { // resume after what is already in memory
                        next[e.partition()] = Math.max(next[e.partition()], e.offset() + 1);
                    }
                }
                for (TopicPartition tp : partitions) {
                    consumer.seek(tp, next[tp.partition()]);
                }
                var end = consumer.endOffsets(partitions);
                while (running) {
                    ConsumerRecords<String, byte[]> records;
                    try {
                        records = consumer.poll(Duration.ofMillis(200));
                    } catch (OffsetOutOfRangeException e) {
                        if (Positions.reposition(consumer, e) != null) { // the broker is behind: ask again
                            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                        }
                        continue;
                    }
                    for (ConsumerRecord<String, byte[]> r : records) {
                        next[r.partition()] = r.offset() + 1;
                        if (r.value() == null) {
                            continue;
                        }
                        GradeChange change;
                        try {
                            change = (GradeChange) avro.deserialize(r.topic(), r.value());
                        } catch (RuntimeException e) {
                            LOG.error(
                                    "skipping undecodable grade change {}@{}: {}",
                                    r.partition(),
                                    r.offset(),
                                    e.toString());
                            continue;
                        }
                        Event event = new Event(id(next), r.partition(), r.offset(), change);
                        synchronized (history) {
                            history.add(event);
                            live.tryEmitNext(event);
                        }
                    }
                    if (!caughtUp && partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                        caughtUp = true;
                    }
                }
            } catch (InterruptException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("grade-change feed failed, resuming: {}", e.toString());
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
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

    public boolean isCaughtUp() {
        return caughtUp;
    }

    @Override
    public synchronized void stop() {
        running = false;
        Threads.stop(thread);
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
