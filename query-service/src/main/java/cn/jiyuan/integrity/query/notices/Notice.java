package cn.jiyuan.integrity.query.notices;

import cn.jiyuan.integrity.rules.notices.NoticeKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One notice to one organisation in the role its kind names. {@code key} says what it is about; its id is derived from
 * the key, so the same notice made twice is one notice.
 *
 * @param readAt null while unread
 */
public record Notice(
        UUID noticeId,
        String key,
        String recipientOrg,
        NoticeKind kind,
        String subject,
        String text,
        String link,
        String unitId,
        String objectionId,
        String eventId,
        Instant createdAt,
        Instant readAt) {

    /** A new notice: its id from its key. */
    public static Notice of(
            String key,
            String recipientOrg,
            NoticeKind kind,
            String subject,
            String text,
            String link,
            String unitId,
            String objectionId,
            String eventId,
            Instant at) {
        return new Notice(
                UUID.nameUUIDFromBytes(("notice|" + key).getBytes(StandardCharsets.UTF_8)),
                key,
                recipientOrg,
                kind,
                subject,
                text,
                link,
                unitId,
                objectionId,
                eventId,
                at,
                null);
    }
}
