package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 §1: {@code run.sh cluster} — three KRaft nodes in processes of their own, SASL/SCRAM and the ACLs of
 * {@link KafkaAccess}, three replicas and two in sync — with two ingest instances, each logged in as the ingest
 * principal. A fact answered 2xx by either instance is on the topic; with one broker killed the cluster still takes
 * facts; with two, ingest answers 503 with Retry-After.
 */
class LocalClusterTest {

    @TempDir
    static Path data;

    private final HttpClient http = HttpClient.newHttpClient();
    private final LocalTokens tokens = LocalTokens.withDefaultSecret();

    @Test
    void acknowledgedFactsSurviveTheLossOfABrokerAndNoneIsAcknowledgedWithoutTwoInSync() throws Exception {
        int base = freeBlock();
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        ClusterOptions options =
                ClusterOptions.parse("--data-dir=" + data, "--base-port=" + base, "--instances=2", "--services=ingest");
        try (LocalCluster cluster =
                LocalCluster.start(options, new PrintStream(banner, true, StandardCharsets.UTF_8))) {
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains("3 nodes, SASL/SCRAM", "ingest-1");
            List<URI> ingest = cluster.urls().get("ingest");
            String office = tokens.mint("xyb-test", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
            String jgw = tokens.mint("jgw-test", "JGW", List.of("PROVIDER"), Duration.ofHours(1));
            HttpResponse<String> unit = send(
                    "PUT", ingest.get(1).resolve("/api/v1/units/KJZ"), office, "{\"name\":\"克井镇\",\"active\":true}");
            assertThat(unit.statusCode()).as(unit.body()).isEqualTo(200);

            Set<String> acknowledged = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                acknowledged.add(acknowledge(ingest.get(i % 2), jgw));
            }
            cluster.parts().get("kafka-2").destroyForcibly().waitFor();
            for (int i = 0; i < 6; i++) {
                acknowledged.add(acknowledge(ingest.get(i % 2), jgw));
            }
            // every acknowledged fact is on the topic, on the two brokers left
            assertThat(factsOnTheTopic(cluster)).containsAll(acknowledged);

            // with one broker, the controllers have no quorum and no partition two replicas in sync
            cluster.parts().get("kafka-3").destroyForcibly().waitFor();
            String lost = UUID.randomUUID().toString();
            HttpResponse<String> refused = Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(
                            () -> send("POST", ingest.get(0).resolve("/api/v1/events"), jgw, fact(lost)),
                            r -> r.statusCode() != 202 && r.statusCode() != 200);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            // a cluster without a quorum stops slowly and cleanly; this one need not (LocalCluster.close is timed)
            cluster.parts().values().forEach(Process::destroyForcibly);
        }
    }

    /** Sends one new fact until it is acknowledged (a broker's loss may cost a 503 and a retry); returns its id. */
    private String acknowledge(URI ingest, String token) {
        String eventId = UUID.randomUUID().toString();
        HttpResponse<String> answer = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(
                        () -> send("POST", ingest.resolve("/api/v1/events"), token, fact(eventId)),
                        r -> r.statusCode() == 202 || r.statusCode() == 200);
        assertThat(answer.body()).contains(eventId);
        return eventId;
    }

    private static String fact(String eventId) {
        return """
                {"eventId":"%s","unitId":"KJZ","indicator":"4.1","outcome":"TALK_OR_CRITICISM","occurredOn":"%s"}
                """.formatted(eventId, LocalDate.now(ChinaTime.ZONE).minusDays(1));
    }

    private static Set<String> factsOnTheTopic(LocalCluster cluster) {
        Map<String, Object> props = new HashMap<>(cluster.login("admin"));
        props.put("group.id", "cluster-test-" + UUID.randomUUID());
        Set<String> seen = new HashSet<>();
        AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < IntegrityTopics.CREDIT_EVENTS.partitions(); p++) {
                partitions.add(new TopicPartition(IntegrityTopics.CREDIT_EVENTS.name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (avro.deserialize(r.topic(), r.value()) instanceof CreditFact f) {
                        seen.add(f.getEventId());
                    }
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return seen;
    }

    private HttpResponse<String> send(String method, URI uri, String token, String json)
            throws IOException, InterruptedException {
        return ChaosClient.send(http, method, uri, token, json);
    }

    /** A base port whose block (base+1 … base+140) is free. */
    private static int freeBlock() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (free(base, 1, 2, 3, 11, 12, 13, 20, 100, 101, 140)) {
                return base;
            }
        }
        throw new IllegalStateException("no free block of ports");
    }

    private static boolean free(int base, int... offsets) {
        for (int o : offsets) {
            try (ServerSocket s = new ServerSocket(base + o, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
