package cn.jiyuan.integrity.query.notices;

import cn.jiyuan.integrity.rules.notices.NoticeKind;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.work.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * A unit is told of its grade changes: each record of {@code integrity.grade-changes.v1} makes one notice, keyed by
 * its {@code changeId} (its position where an old record has none), so a redelivery makes nothing new. A change older
 * than {@code newWithin} (the topic read from its start) tells nobody anything new.
 */
public class GradeChangeNotices implements Consumer<ConsumerRecords<String, byte[]>> {

    private final NoticeStore store;
    private final Clock clock;
    private final Duration newWithin;
    private final Signal added;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    public GradeChangeNotices(NoticeStore store, Clock clock, Duration newWithin, Signal added) {
        this.store = store;
        this.clock = clock;
        this.newWithin = newWithin;
        this.added = added;
    }

    @Override
    public void accept(ConsumerRecords<String, byte[]> records) {
        Instant now = clock.instant();
        List<Notice> notices = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            SpecificRecord value;
            try {
                value = r.value() == null ? null : avro.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                continue; // the stream's own consumer reports it; a notice is not worth stopping for
            }
            if (!(value instanceof GradeChange g) || g.getChangedAt().isBefore(now.minus(newWithin))) {
                continue;
            }
            String id = g.getChangeId() != null ? g.getChangeId() : r.topic() + "/" + r.partition() + "/" + r.offset();
            String from = g.getFrom() == null ? null : g.getFrom().name();
            String to = g.getTo() == null ? null : g.getTo().name();
            String what = from == null
                    ? "本单位首次评定为“" + NoticeText.grade(to) + "”"
                    : to == null
                            ? "本单位已停止参评（原为“" + NoticeText.grade(from) + "”）"
                            : "本单位信用等级由“" + NoticeText.grade(from) + "”变为“" + NoticeText.grade(to) + "”";
            notices.add(Notice.of(
                    "grade|" + id,
                    g.getUnitId(),
                    NoticeKind.GRADE_CHANGED,
                    "信用等级变化：" + NoticeText.grade(from) + " → " + NoticeText.grade(to),
                    what + (to == null ? "" : "，得分 " + g.getScore().toPlainString() + "，排名第 " + g.getRank() + " 名")
                            + "（" + NoticeText.date(g.getAsOf()) + "）。",
                    "/unit",
                    g.getUnitId(),
                    null,
                    null,
                    now));
        }
        Long made = store.add(notices).block(Duration.ofSeconds(60));
        if (made != null && made > 0) {
            added.raise();
        }
    }
}
