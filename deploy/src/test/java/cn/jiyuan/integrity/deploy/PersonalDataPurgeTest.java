package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** Tokens live in real time (the services check them against the system clock), whatever the services' date. */
    private static String token(String org, String role) {
        return LocalTokens.withDefaultSecret()
                .mint(org.toLowerCase() + "-officer", org, List.of(role), Duration.ofHours(1));
    }

    private static BigDecimal scoreOf(String body) {
        Matcher m = Pattern.compile("\"score\":\"?([0-9.]+)").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return new BigDecimal(m.group(1));
    }

    /** The body of a 200 answer. */
    private static String ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
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
        StackPorts ports = StackPorts.free();
        int kafkaPort = ports.kafka();
        int postgresPort = ports.postgres();
        LocalStack.Options options = ports.options(data);
        MovableClock clock = new MovableClock();
        String unit = "PURGEU";
        String xyb = token("XYB", "CREDIT_OFFICE");
        String unitToken = token(unit, "UNIT");
        HttpClient http = HttpClient.newHttpClient();
        try (LocalStack stack = LocalStack.start(
                options,
                new PrintStream(new ByteArrayOutputStream(), true),
                clock,
                "--integrity.retention.check-every=PT0.2S")) {
            ok(call(
                    http,
                    stack.ingestUrl(),
                    "PUT",
                    "/api/v1/units/" + unit,
                    xyb,
                    "{\"name\":\"清算单位\",\"active\":true}"));
            String eventId = UUID.randomUUID().toString();
            LocalDate occurredOn = ChinaTime.dateOf(Instant.now()).minusDays(3);
            String fact = """
                    {"eventId":"%s","unitId":"%s","indicator":"4.1","outcome":"LIGHT_DISCIPLINE","occurredOn":"%s",
                     "reference":"济纪发〔2026〕9号","summary":"约谈","persons":[{"name":"%s","position":"副局长"}]}""".formatted(eventId, unit, occurredOn, NAME);
            assertThat(call(http, stack.ingestUrl(), "POST", "/api/v1/events", token("JGW", "PROVIDER"), fact)
                            .statusCode())
                    .isEqualTo(202);
            // a fact two days younger: still within retention on the day the first leaves it
            String youngId = UUID.randomUUID().toString();
            String young = fact.replace(eventId, youngId)
                    .replace(occurredOn.toString(), occurredOn.plusDays(2).toString());
            assertThat(call(http, stack.ingestUrl(), "POST", "/api/v1/events", token("JGW", "PROVIDER"), young)
                            .statusCode())
                    .isEqualTo(202);
            // both count today: two cases of 4.1 at − 2 each
            String score = "/api/v1/units/" + unit + "/score?asOf=" + ChinaTime.dateOf(Instant.now());
            await("the query service counts both facts")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> call(http, stack.queryUrl(), "GET", score, xyb, null)
                                            .statusCode()
                                    == 200
                            && scoreOf(ok(call(http, stack.queryUrl(), "GET", score, xyb, null)))
                                            .compareTo(new BigDecimal("96"))
                                    == 0);
            String objection = "{\"eventId\":\"" + eventId + "\",\"reason\":\"不属实\"}";
            await("the objection service knows the fact")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> call(http, stack.objectionUrl(), "POST", "/api/v1/objections", unitToken, objection)
                                    .statusCode()
                            == 201);
            String events = "/api/v1/units/" + unit + "/events";
            // the credit office reads the name, opened with the fact's key; the unit reads it masked
            await("the query service shows the name")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> ok(call(http, stack.queryUrl(), "GET", events, xyb, null))
                            .contains(NAME));
            assertThat(ok(call(http, stack.queryUrl(), "GET", events, unitToken, null)))
                    .contains("欧***")
                    .doesNotContain(NAME);

            // past retention: every service purges on its daily run
            clock.now.set(occurredOn
                    .plusYears(5)
                    .plusDays(1)
                    .atStartOfDay(ChinaTime.ZONE)
                    .plusHours(10)
                    .toInstant());
            await("the query service no longer shows the fact")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> !ok(call(http, stack.queryUrl(), "GET", events, xyb, null))
                            .contains(eventId));
            await("the objection service no longer lists its objection")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> !ok(call(
                                    http, stack.objectionUrl(), "GET", "/api/v1/objections?unitId=" + unit, xyb, null))
                            .contains(eventId));
            String keys = "{\"eventIds\":[\"" + eventId + "\"]}";
            await("the fact's key is destroyed")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> ok(call(
                                    http,
                                    stack.ingestUrl(),
                                    "POST",
                                    "/api/v1/person-keys",
                                    token("query-service", "PERSON_KEYS"),
                                    keys))
                            .contains("\"keys\":{}"));
            List<String> left = new ArrayList<>();
            await("no table of any schema holds the fact or the name")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        left.clear();
                        left.addAll(rowsMentioning(postgresPort, eventId, NAME));
                        return left.isEmpty();
                    });
            assertThat(ok(call(http, stack.queryUrl(), "GET", "/api/v1/facts?unitId=" + unit, xyb, null)))
                    .doesNotContain(eventId)
                    .contains(youngId);
            // the younger fact stays everywhere, its name readable (the same person: only its own key opens it)
            assertThat(ok(call(http, stack.queryUrl(), "GET", events, xyb, null)))
                    .contains(youngId)
                    .contains(NAME);
            assertThat(ok(call(
                            http,
                            stack.ingestUrl(),
                            "POST",
                            "/api/v1/person-keys",
                            token("query-service", "PERSON_KEYS"),
                            "{\"eventIds\":[\"" + youngId + "\"]}")))
                    .contains(youngId);
            // time travel answers from what is still held: the purged fact counts for no date any more, the young one
            // does
            assertThat(scoreOf(ok(call(http, stack.queryUrl(), "GET", score, xyb, null))))
                    .isEqualByComparingTo("98");
            assertThat(topicsCarrying(kafkaPort, NAME))
                    .as("records carrying the name")
                    .isEmpty();
            assertThat(rowsMentioning(postgresPort, youngId, "-"))
                    .as("the younger fact is still stored")
                    .isNotEmpty();
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
