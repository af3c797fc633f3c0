package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 §1 across the services (SCORING.md §2, purge): a fact naming a person, an objection to it and reads of it;
 * then the services' clock moves past occurredOn + 5 years + 1 day. From then on no table of any schema holds the
 * name or the fact, the topics carry the name in no byte (it was only ever sealed), its key is gone, and no API
 * answer shows either.
 */
class PersonalDataPurgeTest {

    private static final String NAME = "欧阳娜娜";

    @TempDir
    Path data;

    /** The services' clock, moved by the test. */
    static final class MovableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>();

        @Override
        public Instant instant() {
            Instant set = now.get();
            return set == null ? Instant.now() : set;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** Tokens issued on the services' clock (a token lives at most 12 hours from its issue). */
    record Tokens(Clock clock) {
        String of(String org, String role) {
            return LocalTokens.withDefaultSecret()
                    .mint(
                            org.toLowerCase() + "-officer",
                            org,
                            List.of(role),
                            clock.instant(),
                            clock.instant().plus(Duration.ofHours(1)));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static HttpResponse<String> call(
            HttpClient http, URI base, String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token);
        b = json == null
                ? b.GET()
                : b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void afterRetentionNoStoreTopicOrAnswerYieldsTheNameOrTheFact() throws Exception {
        int kafkaPort = freePort();
        int postgresPort = freePort();
        int ingestPort = freePort();
        LocalStack.Options options = LocalStack.Options.parse(
                "--fresh",
                "--data-dir=" + data,
                "--kafka-port=" + kafkaPort,
                "--kafka-controller-port=" + freePort(),
                "--postgres-port=" + postgresPort,
                "--ingest-port=" + ingestPort,
                "--scoring-port=" + freePort(),
                "--objection-port=" + freePort(),
                "--query-port=" + freePort());
        MovableClock clock = new MovableClock();
        Tokens tokens = new Tokens(clock);
        String unit = "PURGEU";
        HttpClient http = HttpClient.newHttpClient();
        try (LocalStack stack = LocalStack.start(
                options,
                new PrintStream(new ByteArrayOutputStream(), true),
                clock,
                "--integrity.retention.check-every=PT0.2S")) {
            assertThat(call(
                                    http,
                                    stack.ingestUrl(),
                                    "PUT",
                                    "/api/v1/units/" + unit,
                                    tokens.of("XYB", "CREDIT_OFFICE"),
                                    "{\"name\":\"清算单位\",\"active\":true}")
                            .statusCode())
                    .isEqualTo(200);
            String eventId = UUID.randomUUID().toString();
            LocalDate occurredOn = ChinaTime.dateOf(Instant.now()).minusDays(3);
            String fact = """
                    {"eventId":"%s","unitId":"%s","indicator":"4.1","outcome":"LIGHT_DISCIPLINE","occurredOn":"%s",
                     "reference":"济纪发〔2026〕9号","summary":"约谈","persons":[{"name":"%s","position":"副局长"}]}""".formatted(eventId, unit, occurredOn, NAME);
            assertThat(call(http, stack.ingestUrl(), "POST", "/api/v1/events", tokens.of("JGW", "PROVIDER"), fact)
                            .statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> call(
                                            http,
                                            stack.objectionUrl(),
                                            "POST",
                                            "/api/v1/objections",
                                            tokens.of(unit, "UNIT"),
                                            "{\"eventId\":\"" + eventId + "\",\"reason\":\"不属实\"}")
                                    .statusCode()
                            == 201);
            // the credit office reads the name, opened with the fact's key; a unit reads it masked
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> call(
                                    http,
                                    stack.queryUrl(),
                                    "GET",
                                    "/api/v1/units/" + unit + "/events",
                                    tokens.of("XYB", "CREDIT_OFFICE"),
                                    null)
                            .body()
                            .contains(NAME));
            assertThat(call(
                                    http,
                                    stack.queryUrl(),
                                    "GET",
                                    "/api/v1/units/" + unit + "/events",
                                    tokens.of(unit, "UNIT"),
                                    null)
                            .body())
                    .contains("欧***")
                    .doesNotContain(NAME);

            // past retention: every service purges on its daily run
            clock.now.set(occurredOn
                    .plusYears(5)
                    .plusDays(1)
                    .atStartOfDay(ChinaTime.ZONE)
                    .plusHours(10)
                    .toInstant());
            String events = "/api/v1/units/" + unit + "/events";
            String xyb = "XYB";
            await("the query service no longer shows the fact")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> !call(http, stack.queryUrl(), "GET", events, tokens.of(xyb, "CREDIT_OFFICE"), null)
                            .body()
                            .contains(eventId));
            // the key's row (ingest.person_keys) is searched for below with every other table
            await("the objection service no longer lists the objection")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> !call(
                                    http,
                                    stack.objectionUrl(),
                                    "GET",
                                    "/api/v1/objections?unitId=" + unit,
                                    tokens.of(xyb, "CREDIT_OFFICE"),
                                    null)
                            .body()
                            .contains(eventId));
            List<String> left = new ArrayList<>();
            await("no table holds the fact or the name: " + left)
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        left.clear();
                        left.addAll(rowsMentioning(postgresPort, eventId, NAME));
                        return left.isEmpty();
                    });
            assertThat(call(
                                    http,
                                    stack.queryUrl(),
                                    "GET",
                                    "/api/v1/facts?unitId=" + unit,
                                    tokens.of("XYB", "CREDIT_OFFICE"),
                                    null)
                            .body())
                    .doesNotContain(eventId)
                    .doesNotContain(NAME);
            assertThat(rowsMentioning(postgresPort, eventId, NAME)).isEmpty();
            assertThat(topicsCarrying(kafkaPort, NAME)).isEmpty();
        }
    }

    /** Every table of every schema, each row as text (bytea as hex), searched for the fact and the name. */
    private static List<String> rowsMentioning(int postgresPort, String eventId, String name) throws Exception {
        String hexName = HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres", "postgres", "")) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement()
                    .executeQuery("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM"
                            + " information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema NOT IN"
                            + " ('pg_catalog', 'information_schema')")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (var s = c.prepareStatement("SELECT count(*) FROM " + table + " t WHERE t::text LIKE ? OR t::text"
                        + " LIKE ? OR t::text LIKE ?")) {
                    s.setString(1, "%" + eventId + "%");
                    s.setString(2, "%" + name + "%");
                    s.setString(3, "%" + hexName + "%");
                    try (ResultSet rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.add(table);
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Every record of every topic, as bytes, searched for the name. */
    private static List<String> topicsCarrying(int kafkaPort, String name) {
        byte[] needle = name.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", "127.0.0.1:" + kafkaPort),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(30))
                    .forEach((topic, infos) ->
                            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (contains(r.value(), needle) || contains(r.key(), needle)) {
                        found.add(r.topic() + "/" + r.partition() + "/" + r.offset());
                    }
                }
            }
            assertThat(partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p)))
                    .as("every topic read to its end")
                    .isTrue();
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
