package cn.jiyuan.integrity.query.reference;

import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.ReferenceKind;
import cn.jiyuan.integrity.support.reference.ReferenceData;
import cn.jiyuan.integrity.support.reference.ReferenceDataFollower;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Puts an upload on {@code integrity.reference-data.v1} once the rules accept it over what is in force, and answers
 * when the broker has acknowledged it and this service's own calendar or catalogs show it. Every other service takes
 * it up from the topic within a moment, without a restart. One upload at a time per instance, so two in a row are
 * checked in the order they go on the topic.
 */
public class ReferenceUploads implements AutoCloseable {

    /** Why an upload was not put on the topic: the rules refused it, or the broker did not acknowledge it. */
    public static final class NotStored extends RuntimeException {
        NotStored(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Duration ACKNOWLEDGEMENT = Duration.ofSeconds(30);

    private final ReferenceData data;
    private final ReferenceDataFollower follower;
    private final Producer<String, byte[]> producer;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();

    public ReferenceUploads(ReferenceData data, ReferenceDataFollower follower, Producer<String, byte[]> producer) {
        this.data = data;
        this.follower = follower;
        this.producer = producer;
    }

    /** A document ready to check and put on the topic. */
    public static ReferenceDocument document(
            ReferenceKind kind,
            String name,
            String content,
            String source,
            String reason,
            String uploadedBy,
            Instant uploadedAt) {
        return ReferenceDocument.newBuilder()
                .setDocumentId(UUID.randomUUID().toString())
                .setKind(kind)
                .setName(name)
                .setContent(content)
                .setSha256(sha256(content))
                .setSource(source)
                .setReason(reason)
                .setUploadedBy(uploadedBy)
                .setUploadedAt(uploadedAt)
                .build();
    }

    /**
     * Checks {@code document} against what is in force (throwing the rules' refusal), puts it on the topic and waits
     * until this service has applied it. Blocking: call it off the event loop.
     *
     * @throws NotStored if the broker did not acknowledge it in time (nothing is in force then; the upload may be
     *     sent again)
     */
    public synchronized ReferenceData.Upload upload(ReferenceDocument document) {
        data.check(document);
        String topic = IntegrityTopics.REFERENCE_DATA.name();
        RecordMetadata stored;
        try {
            stored = producer.send(new ProducerRecord<>(
                            topic, document.getKind() + ":" + document.getName(), avro.serialize(topic, document)))
                    .get(ACKNOWLEDGEMENT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new NotStored("the broker did not acknowledge the upload: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotStored("interrupted", e);
        }
        if (!follower.awaitRead(stored.offset(), ACKNOWLEDGEMENT)) {
            throw new NotStored("the upload is stored but not yet read back; it takes effect in a moment", null);
        }
        return data.latest(document.getKind(), document.getName())
                .filter(u -> u.documentId().equals(document.getDocumentId()))
                .orElseThrow(() -> new NotStored(
                        "the upload is stored but was not applied (see integrity.reference-data.v1.DLT)", null));
    }

    static String sha256(String content) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
