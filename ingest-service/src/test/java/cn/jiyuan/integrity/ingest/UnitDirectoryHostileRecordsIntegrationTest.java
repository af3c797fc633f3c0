package cn.jiyuan.integrity.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.testing.DeadLetterTopic;
import cn.jiyuan.integrity.support.testing.Events;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Review K2: one undecodable record on the compacted units topic ended the unit directory's thread — new
 * registrations were never seen again, and after a restart ingest never became ready; and a registration dated 2100
 * locked a unit out for good (K1). Both now go to the dead-letter topic and the directory goes on.
 */
class UnitDirectoryHostileRecordsIntegrationTest extends IngestTestBase {

    @Test
    void garbageAndFutureDatedRegistrationsAreDeadLetteredAndTheDirectoryGoesOn() {
        String garbageKey = newUnitId();
        String later = newUnitId();
        try (Events events = new Events();
                DeadLetterTopic units = new DeadLetterTopic(IntegrityTopics.UNITS)) {
            events.sendRaw(IntegrityTopics.UNITS.name(), garbageKey, "not avro".getBytes(StandardCharsets.UTF_8));
            events.send(
                    IntegrityTopics.UNITS.name(),
                    unit,
                    new UnitRegistration(unit, "锁定", false, Instant.parse("2100-01-01T00:00:00Z"), "forger"));
            assertThat(DeadLetterTopic.reason(units.await(garbageKey, 1).get(0)))
                    .startsWith("cannot be decoded");
            assertThat(DeadLetterTopic.reason(units.await(unit, 1).get(0))).contains("recordedAt");

            // Registrations after them are seen; the unit the forger tried to lock out still takes facts.
            api.registerUnit(later, "坡头镇人民政府", true).expectStatus().isOk();
            api.post(JGW, IngestApi.fact(later)).expectStatus().isAccepted();
            api.post(JGW, IngestApi.fact(unit)).expectStatus().isAccepted();
            assertThat(directory.lastError()).isNull();
        }
    }
}
