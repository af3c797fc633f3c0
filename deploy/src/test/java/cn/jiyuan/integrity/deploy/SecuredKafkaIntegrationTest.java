package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review K1: the broker took anyone, and every service could write every topic. With SASL (SCRAM) and the ACLs of
 * {@link KafkaAccess}, an anonymous client cannot connect, a wrong password is refused, the query service's
 * principal cannot write facts (only its dead letters), and the ingest principal can. Runs in a JVM of its own (one
 * broker per test JVM).
 */
class SecuredKafkaIntegrationTest {

    private static final Map<String, String> USERS = Map.of(
            "admin", "admin-secret-0123456789",
            "ingest", "ingest-secret-0123456789",
            "scoring", "scoring-secret-0123456789",
            "objection", "objection-secret-0123456789",
            "query", "query-secret-0123456789");

    @TempDir
    static Path data;

    private static LocalKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.startSecured(data, freePort(), freePort(), USERS, "admin");
        try (Admin admin = Admin.create(client("admin"))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : IntegrityTopics.ALL) {
                topics.add(t.newTopic((short) 1));
                topics.add(t.deadLetterNewTopic((short) 1));
            }
            admin.createTopics(topics).all().get();
            var acls = KafkaAccess.bindings(
                    new KafkaAccess.Principals("User:ingest", "User:scoring", "User:objection", "User:query"));
            admin.createAcls(acls).all().get();
            // ACLs reach the broker's authorizer through the metadata log: wait until it lists them all.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> admin.describeAcls(AclBindingFilter.ANY)
                                    .values()
                                    .get()
                                    .size()
                            >= acls.size());
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static Map<String, Object> client(String user) {
        Map<String, Object> props = new HashMap<>(LocalKafka.clientLogin(user, USERS.get(user)));
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("request.timeout.ms", 5000);
        props.put("default.api.timeout.ms", 5000);
        return props;
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> props) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("max.block.ms", 5000);
        all.put("request.timeout.ms", 5000);
        all.put("delivery.timeout.ms", 8000);
        all.put("linger.ms", 0);
        return new KafkaProducer<>(all, new StringSerializer(), new StringSerializer());
    }

    private static void send(Map<String, Object> props, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = producer(props)) {
            producer.send(new ProducerRecord<>(topic, "KJZ", "x")).get();
        }
    }

    private static Throwable cause(Throwable e) {
        return e instanceof ExecutionException ? e.getCause() : e;
    }

    @Test
    void theIngestPrincipalWritesFactsAndTheScoringPrincipalReadsThemInItsGroup() throws Exception {
        send(client("ingest"), IntegrityTopics.CREDIT_EVENTS.name());
        Map<String, Object> props = new HashMap<>(client("scoring"));
        props.put("group.id", "scoring-service");
        props.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(IntegrityTopics.CREDIT_EVENTS.name()));
            List<ConsumerRecord<String, String>> seen = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
                return !seen.isEmpty();
            });
            assertThat(seen.get(0).key()).isEqualTo("KJZ");
        }
    }

    @Test
    void theQueryPrincipalCannotWriteFacts_onlyItsDeadLetters() throws Exception {
        assertThatThrownBy(() -> send(client("query"), IntegrityTopics.CREDIT_EVENTS.name()))
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(TopicAuthorizationException.class));
        assertThatThrownBy(() -> send(client("query"), IntegrityTopics.UNIT_SCORES.name()))
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(TopicAuthorizationException.class));
        send(client("query"), IntegrityTopics.CREDIT_EVENTS.deadLetterTopic());
    }

    @Test
    void onlyTheObjectionServiceWritesObjectionsAndCorrections() throws Exception {
        send(client("objection"), IntegrityTopics.OBJECTIONS.name());
        for (String other : new String[] {"ingest", "scoring", "query"}) {
            assertThatThrownBy(() -> send(client(other), IntegrityTopics.OBJECTIONS.name()))
                    .as(other)
                    .satisfies(e -> assertThat(cause(e)).isInstanceOf(TopicAuthorizationException.class));
        }
    }

    @Test
    void anAnonymousClientOrAWrongPasswordGetsNothing() {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", kafka.bootstrapServers());
        assertThatThrownBy(() -> send(anonymous, IntegrityTopics.CREDIT_EVENTS.name()))
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(TimeoutException.class));

        Map<String, Object> wrong = new HashMap<>(client("ingest"));
        wrong.putAll(LocalKafka.clientLogin("ingest", "not-the-password"));
        assertThatThrownBy(() -> send(wrong, IntegrityTopics.CREDIT_EVENTS.name()))
                .satisfies(e -> assertThat(cause(e)).isInstanceOf(SaslAuthenticationException.class));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
