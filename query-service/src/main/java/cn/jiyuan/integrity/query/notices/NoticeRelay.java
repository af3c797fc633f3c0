package cn.jiyuan.integrity.query.notices;

import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts notices on {@code integrity.notifications.v1}, keyed by the recipient's org: claimed, sent, acknowledged by all
 * in-sync replicas, then marked sent, in one transaction (a crash in between sends them again — keep one per
 * noticeId).
 */
public class NoticeRelay {

    private static final int BATCH = 500;

    private final NoticeStore store;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();

    public NoticeRelay(NoticeStore store, Producer<String, byte[]> producer, Clock clock) {
        this.store = store;
        this.producer = producer;
        this.clock = clock;
    }

    /** Sends what is waiting; how many. */
    public long sendPending() {
        long total = 0;
        long n;
        do {
            n = store.handOver("sent_at", BATCH, this::send, clock.instant());
            total += n;
        } while (n == BATCH);
        return total;
    }

    private List<NoticeStore.Handed> send(List<Notice> notices) {
        String topic = IntegrityTopics.NOTIFICATIONS.name();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<NoticeStore.Handed> handed = new ArrayList<>();
        for (Notice n : notices) {
            var record = cn.jiyuan.integrity.schemas.avro.Notice.newBuilder()
                    .setNoticeId(n.noticeId().toString())
                    .setRecipientOrg(n.recipientOrg())
                    .setRecipientRole(n.kind().audience().name())
                    .setKind(n.kind().name())
                    .setSubject(n.subject())
                    .setText(n.text())
                    .setLink(n.link())
                    .setUnitId(n.unitId())
                    .setObjectionId(n.objectionId())
                    .setEventId(n.eventId())
                    .setCreatedAt(n.createdAt())
                    .build();
            sent.add(producer.send(new ProducerRecord<>(topic, n.recipientOrg(), avro.serialize(topic, record))));
            handed.add(new NoticeStore.Handed(n.noticeId(), "sent"));
        }
        DeadLetters.awaitAll(sent);
        return handed;
    }

    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
