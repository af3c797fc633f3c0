package cn.jiyuan.integrity.query.official;

import cn.jiyuan.integrity.rules.evaluation.OfficialUnit;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.OfficialEvaluation;
import cn.jiyuan.integrity.schemas.avro.OfficialGrade;
import cn.jiyuan.integrity.schemas.avro.OfficialIndicator;
import cn.jiyuan.integrity.schemas.avro.OfficialUnitResult;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts published results on {@code integrity.evaluations.v1} (an outbox: the publication is committed first, then
 * sent, then marked sent). A version goes in parts of {@value #UNITS_PER_PART} units, keyed by year, every part
 * acknowledged by all in-sync replicas before the publication is marked sent. A crash between the two sends it again:
 * a reader keeps one record per (year, version, part).
 */
public class PublicationRelay {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationRelay.class);
    static final int UNITS_PER_PART = 100;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final OfficialResults store;
    private final Producer<String, byte[]> producer;
    private final Clock clock;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();

    public PublicationRelay(OfficialResults store, Producer<String, byte[]> producer, Clock clock) {
        this.store = store;
        this.producer = producer;
        this.clock = clock;
    }

    /** Sends every publication not yet on the topic; how many. */
    public synchronized int sendPending() {
        List<ResultVersion> unsent = store.unsent().block(WAIT);
        for (ResultVersion v : unsent) {
            List<OfficialUnit> units = store.units(v.year(), v.version()).block(WAIT);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            String topic = IntegrityTopics.EVALUATIONS.name();
            for (OfficialEvaluation part : parts(v, units)) {
                sent.add(producer.send(
                        new ProducerRecord<>(topic, String.valueOf(v.year()), avro.serialize(topic, part))));
            }
            DeadLetters.awaitAll(sent);
            store.markSent(v.year(), v.version(), clock.instant()).block(WAIT);
            LOG.info(
                    "official result {} version {} published on {} in {} part(s)",
                    v.year(),
                    v.version(),
                    topic,
                    sent.size());
        }
        return unsent.size();
    }

    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    static List<OfficialEvaluation> parts(ResultVersion v, List<OfficialUnit> units) {
        int parts = Math.max(1, (units.size() + UNITS_PER_PART - 1) / UNITS_PER_PART);
        List<OfficialEvaluation> records = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            List<OfficialUnitResult> slice =
                    units.subList(p * UNITS_PER_PART, Math.min(units.size(), (p + 1) * UNITS_PER_PART)).stream()
                            .map(PublicationRelay::unit)
                            .toList();
            records.add(OfficialEvaluation.newBuilder()
                    .setYear(v.year())
                    .setVersion(v.version())
                    .setAsOf(v.asOf())
                    .setCatalogVersion(v.catalogVersion())
                    .setChecksum(v.checksum())
                    .setFrozenAt(v.frozenAt())
                    .setFrozenBy(v.frozenBy())
                    .setPublishedAt(v.publication().publishedAt())
                    .setPublishedBy(v.publication().publishedBy())
                    .setPublicityEndsOn(v.publication().publicityEndsOn())
                    .setUnitCount(units.size())
                    .setPart(p + 1)
                    .setParts(parts)
                    .setUnits(slice)
                    .build());
        }
        return records;
    }

    private static OfficialUnitResult unit(OfficialUnit u) {
        return OfficialUnitResult.newBuilder()
                .setUnitId(u.unitId())
                .setName(u.name())
                .setScore(u.score().setScale(2))
                .setRawScore(u.rawScore().setScale(2))
                .setGrade(OfficialGrade.valueOf(u.grade().name()))
                .setRank(u.rank())
                .setDebtorListed(u.debtorListed())
                .setIndicators(u.indicators().stream()
                        .map(i -> new OfficialIndicator(
                                i.code(), i.score().setScale(2), i.max().setScale(2)))
                        .toList())
                .setFactIds(u.factIds())
                .build();
    }
}
