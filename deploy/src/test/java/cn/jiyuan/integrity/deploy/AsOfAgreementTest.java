package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.UnitRegistration;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §2 (audit D3): for every date, {@code replay --as-of} and the query service's ranking of that date agree
 * unit by unit — which units, their scores and grades (the rank follows from them) — across a unit's registration, renaming, deactivation and reactivation, a
 * unit registered later, and facts recorded on different days.
 */
class AsOfAgreementTest {

    @TempDir
    Path data;

    private static Instant daysAgo(int days) {
        return Instant.now().minus(Duration.ofDays(days));
    }

    private static LocalDate dayAgo(int days) {
        return ChinaTime.dateOf(daysAgo(days));
    }

    @Test
    void aReplayAsOfEachDateAndTheQueryServicesRankingOfThatDateAgree() throws Exception {
        StackPorts ports = StackPorts.free();
        int kafkaPort = ports.kafka();
        int postgresPort = ports.postgres();
        LocalStack.Options options = ports.options(data);
        try (LocalStack stack = LocalStack.start(options, new PrintStream(new ByteArrayOutputStream(), true));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                        Map.of("bootstrap.servers", "127.0.0.1:" + kafkaPort, "acks", "all"),
                        new StringSerializer(),
                        new ByteArraySerializer())) {
            String a = "ASOFA";
            String b = "ASOFB";
            String c = "ASOFC";
            // as ingest writes them: every change to the history, then to the directory
            register(producer, a, "甲单位", true, daysAgo(30));
            register(producer, b, "乙单位", true, daysAgo(25));
            register(producer, a, "甲单位（更名）", true, daysAgo(20));
            register(producer, a, "甲单位（更名）", false, daysAgo(10));
            register(producer, c, "丙单位", true, daysAgo(8));
            register(producer, a, "甲单位（更名）", true, daysAgo(5));
            fact(producer, a, "7.4", "NATIONAL", a, dayAgo(29), daysAgo(28)); // + 5
            fact(producer, b, "1.1", "ENFORCEMENT_REVOKED", "SFJ", dayAgo(25), daysAgo(24)); // − 2
            fact(producer, c, "4.1", "LIGHT_DISCIPLINE", "JGW", dayAgo(7), daysAgo(3)); // − 2
            producer.flush();

            String xyb =
                    LocalTokens.withDefaultSecret().mint("asof", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ranking(http, stack.queryUrl(), xyb, dayAgo(3)).containsKey(c)
                            && ranking(http, stack.queryUrl(), xyb, dayAgo(3))
                                    .get(c)
                                    .startsWith("98.00"));

            String jdbc = "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
            int n = 0;
            for (int ago : new int[] {27, 22, 15, 9, 6, 2}) {
                LocalDate d = dayAgo(ago);
                String target = "scoring_asof" + n++;
                int rc = ScoringCommands.run(new String[] {
                    "replay",
                    "--as-of=" + d,
                    "--target-schema=" + target,
                    "--operator=asof-test",
                    "--kafka-port=" + kafkaPort,
                    "--postgres-port=" + postgresPort
                });
                assertThat(rc).isZero();
                Map<String, String> replayed = new TreeMap<>();
                try (Connection db = DriverManager.getConnection(jdbc, "postgres", "");
                        var rows = db.createStatement()
                                .executeQuery("SELECT g.unit_id, s.score, g.grade FROM " + target + ".grades g JOIN "
                                        + target + ".unit_scores s USING (unit_id)")) {
                    while (rows.next()) {
                        replayed.put(rows.getString(1), rows.getBigDecimal(2).setScale(2) + " " + rows.getString(3));
                    }
                }
                assertThat(replayed)
                        .as("replay as of %s = the query service's ranking of %s", d, d)
                        .isEqualTo(ranking(http, stack.queryUrl(), xyb, d));
            }
            // and the timeline is what it says: A out while deactivated, C only from its registration
            assertThat(ranking(http, stack.queryUrl(), xyb, dayAgo(22))).containsOnlyKeys(a, b);
            assertThat(ranking(http, stack.queryUrl(), xyb, dayAgo(9))).containsOnlyKeys(b);
            assertThat(ranking(http, stack.queryUrl(), xyb, dayAgo(6))).containsOnlyKeys(b, c);
            assertThat(ranking(http, stack.queryUrl(), xyb, dayAgo(2))).containsOnlyKeys(a, b, c);
        }
    }

    private static void register(
            KafkaProducer<String, byte[]> producer, String unit, String name, boolean active, Instant at) {
        UnitRegistration r = new UnitRegistration(unit, name, active, at, "xyb-asof");
        send(producer, IntegrityTopics.UNIT_REGISTRATIONS.name(), unit, r);
        send(producer, IntegrityTopics.UNITS.name(), unit, r);
    }

    private static void fact(
            KafkaProducer<String, byte[]> producer,
            String unit,
            String indicator,
            String outcome,
            String provider,
            LocalDate occurredOn,
            Instant recordedAt) {
        send(
                producer,
                IntegrityTopics.CREDIT_EVENTS.name(),
                unit,
                CreditFact.newBuilder()
                        .setEventId(UUID.randomUUID().toString())
                        .setUnitId(unit)
                        .setIndicator(indicator)
                        .setOutcome(outcome)
                        .setPoints(null)
                        .setPeriod(null)
                        .setOccurredOn(occurredOn)
                        .setReference("asof")
                        .setSummary(null)
                        .setPersons(List.of())
                        .setRecordedAt(recordedAt)
                        .setProviderOrg(provider)
                        .setSubmittedBy("asof")
                        .setLate(false)
                        .setDeadline(occurredOn.plusDays(9))
                        .setCatalogVersion("jgb-2022-44")
                        .build());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, SpecificRecord value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, new AvroSingleObjectSerializer().serialize(topic, value)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** unit → "score grade" in the query service's ranking of {@code date}. */
    private static Map<String, String> ranking(HttpClient http, URI query, String token, LocalDate date)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(query.resolve("/api/v1/rankings?asOf=" + date))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, String> units = new TreeMap<>();
        Matcher m = Pattern.compile(
                        "\"unitId\":\"([^\"]+)\",\"name\":\"[^\"]*\",\"score\":([0-9.\\-]+),\"grade\":\"([A-Z]+)\",\"rank\":(\\d+)")
                .matcher(r.body());
        while (m.find()) {
            units.put(m.group(1), m.group(2) + " " + m.group(3));
        }
        return units;
    }
}
