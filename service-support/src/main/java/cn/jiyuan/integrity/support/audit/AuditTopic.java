package cn.jiyuan.integrity.support.audit;

import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.AuditedRead;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import reactor.core.publisher.Mono;

/**
 * The audit of a service other than the query service: each entry goes to {@code integrity.audit.v1} (acknowledged by
 * every in-sync replica before the answer leaves), and the query service keeps it in the one audit log the credit
 * office lists (audit D5). Keyed by the caller's org.
 */
public final class AuditTopic implements AuditSink {

    private final Producer<String, byte[]> producer;
    private final String service;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();

    public AuditTopic(Producer<String, byte[]> producer, String service) {
        this.producer = producer;
        this.service = service;
    }

    @Override
    public Mono<Void> record(AuditEntry e) {
        AuditedRead read = AuditedRead.newBuilder()
                .setService(service)
                .setAt(e.at())
                .setSubject(e.subject())
                .setOrg(e.org())
                .setRoles(e.roles())
                .setPurpose(e.purpose())
                .setMethod(e.method())
                .setResource(e.resource())
                .setUnitId(e.unitId())
                .setStatus(e.status())
                .build();
        String topic = IntegrityTopics.AUDIT.name();
        return Mono.create(sink -> producer.send(
                new ProducerRecord<>(topic, e.org(), avro.serialize(topic, read)), (metadata, failure) -> {
                    if (failure != null) {
                        sink.error(failure);
                    } else {
                        sink.success();
                    }
                }));
    }
}
