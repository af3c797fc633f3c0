package cn.jiyuan.integrity.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.ingest.IngestApi;
import cn.jiyuan.integrity.ingest.IngestTestBase;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * A crash after the claim was written and before the broker acknowledged the record leaves a claim whose
 * record is not in Kafka.
 * The sender, having had no 2xx, sends the fact again: the identical record goes out, with the claim's recordedAt.
 */
class ClaimRecoveryIntegrationTest extends IngestTestBase {

    @Autowired
    FactClaims claims;

    @Test
    void aClaimLeftByACrashIsPublishedIdenticallyWhenTheFactIsSentAgain() {
        Map<String, Object> body = IngestApi.fact(unit);
        var submission =
                FactParser.parse(JsonMapper.builder().build().valueToTree(body)).submission();
        Instant crashedAt = Instant.parse("2026-11-20T03:04:05.678Z");
        LocalDate deadline = WorkdayCalendar.standard().reportingDeadline(submission.occurredOn());
        Claim leftBehind = new Claim(
                UUID.fromString(submission.eventId()),
                ContentHash.of(submission, "JGW"),
                unit,
                "JGW",
                "test-jgw",
                "jgb-2022-44",
                crashedAt,
                false,
                deadline,
                submission.occurredOn());
        assertThat(claims.claim(List.of(leftBehind)).collectList().block()).hasSize(1);

        try (TopicReader topic = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.CREDIT_EVENTS)) {
            api.post(JGW, body)
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.recordedAt")
                    .isEqualTo("2026-11-20T03:04:05.678Z")
                    .jsonPath("$.deadline")
                    .isEqualTo(deadline.toString());
            var records = topic.readUntil(
                    r -> r instanceof CreditFact f && f.getEventId().equals(body.get("eventId")));
            CreditFact sent = (CreditFact) records.get(records.size() - 1).value();
            assertThat(sent.getRecordedAt()).isEqualTo(crashedAt);
            assertThat(sent.getUnitId()).isEqualTo(unit);
        }
        // Different content under the claimed eventId stays refused.
        api.post(JGW, IngestApi.with(body, "outcome", "HEAVY_DISCIPLINE"))
                .expectStatus()
                .isEqualTo(409);
    }
}
