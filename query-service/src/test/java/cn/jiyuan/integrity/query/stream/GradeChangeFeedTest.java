package cn.jiyuan.integrity.query.stream;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditGrade;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The feed's history holds each position once: its follower reads a poll again when it failed after applying part of
 * it (a dead letter not acknowledged, say), and a subscriber must not get the same change twice.
 */
class GradeChangeFeedTest {

    private static final String TOPIC = IntegrityTopics.GRADE_CHANGES.name();

    private static ConsumerRecord<String, byte[]> change(int partition, long offset, String unit) {
        GradeChange change = new GradeChange(
                unit + "-" + offset,
                unit,
                null,
                CreditGrade.GOOD,
                new BigDecimal("100.00"),
                1,
                Instant.parse("2026-11-27T02:00:00Z"),
                LocalDate.of(2026, 11, 27));
        return new ConsumerRecord<>(
                TOPIC, partition, offset, unit, new AvroSingleObjectSerializer().serialize(TOPIC, change));
    }

    private static List<GradeChangeFeed.Event> history(GradeChangeFeed feed) {
        List<GradeChangeFeed.Event> seen = new ArrayList<>();
        feed.after("0").subscribe(seen::add).dispose(); // the kept ones come at once, on subscribing
        return seen;
    }

    @Test
    void aPollReadAgainAddsOnlyWhatItHadNotApplied() {
        GradeChangeFeed feed = new GradeChangeFeed(new KafkaProperties());
        feed.apply(change(2, 0, "U1"));
        feed.apply(change(2, 1, "U2"));
        // the same poll again, and one record more
        feed.apply(change(2, 0, "U1"));
        feed.apply(change(2, 1, "U2"));
        feed.apply(change(2, 2, "U3"));

        assertThat(history(feed))
                .extracting(e -> e.partition() + "@" + e.offset())
                .containsExactly("2@0", "2@1", "2@2");
        assertThat(history(feed)).last().extracting(GradeChangeFeed.Event::id).isEqualTo("0.0.3");
    }
}
