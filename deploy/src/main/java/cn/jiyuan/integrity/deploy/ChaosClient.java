package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The chaos run's client side: two loaders posting facts (singles, and every fifth request a batch of 10) to a random
 * ingest instance, recording what was acknowledged and how everything else was answered; and a subscriber following
 * the grade-change stream from either query instance, reconnecting with {@code Last-Event-ID}.
 */
final class ChaosClient {

    private final LocalCluster cluster;
    private final Random random;
    private final int units;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final LocalTokens tokens = LocalTokens.withDefaultSecret();
    private final String provider = tokens.mint("chaos-jgw", "JGW", List.of("PROVIDER"), Duration.ofHours(12));
    private final String office = tokens.mint("chaos-xyb", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(12));

    final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> answers = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<String> findings = new ConcurrentLinkedQueue<>();
    /** Per second: {something was served, something was refused}. */
    final Map<Long, boolean[]> seconds = new ConcurrentHashMap<>();

    final Map<String, Integer> changesSeen = new ConcurrentHashMap<>();
    final CountDownLatch subscribed = new CountDownLatch(1);

    ChaosClient(LocalCluster cluster, Random random, int units) {
        this.cluster = cluster;
        this.random = random;
        this.units = units;
    }

    /** Registers the units CHAOS0… through the first ingest instance. */
    void registerUnits() throws IOException, InterruptedException {
        for (int u = 0; u < units; u++) {
            URI ingest = cluster.urls().get("ingest").get(0);
            HttpResponse<String> r = send(
                    "PUT",
                    ingest.resolve("/api/v1/units/CHAOS" + u),
                    office,
                    "{\"name\":\"单位" + u + "\",\"active\":true}");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("cannot register units: " + r.statusCode() + " " + r.body());
            }
        }
    }

    /** Seconds in which requests were refused and none served. */
    long unavailableSeconds() {
        return seconds.values().stream().filter(s -> s[1] && !s[0]).count();
    }

    void load(AtomicBoolean loading, int thread) {
        Random r = new Random(random.nextLong() + thread);
        int n = 0;
        while (loading.get()) {
            List<URI> ingest = cluster.urls().get("ingest");
            URI target = ingest.get(r.nextInt(ingest.size()));
            boolean batch = n++ % 5 == 0;
            List<String> ids = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            int count = batch ? 10 : 1;
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                String fact = String.format(
                        "{\"eventId\":\"%s\",\"unitId\":\"CHAOS%d\",\"indicator\":\"4.1\",\"outcome\":\"%s\","
                                + "\"occurredOn\":\"%s\",\"reference\":\"chaos\"}",
                        id,
                        r.nextInt(units),
                        r.nextInt(3) == 0 ? "LIGHT_DISCIPLINE" : "TALK_OR_CRITICISM",
                        LocalDate.now(ChinaTime.ZONE).minusDays(1 + r.nextInt(20)));
                body.append(i == 0 ? "" : ",").append(fact);
            }
            long second = Instant.now().getEpochSecond();
            try {
                HttpResponse<String> answer = batch
                        ? send("POST", target.resolve("/api/v1/events/batch"), provider, "{\"events\":[" + body + "]}")
                        : send("POST", target.resolve("/api/v1/events"), provider, body.toString());
                answers.merge(String.valueOf(answer.statusCode()), 1, Integer::sum);
                if (answer.statusCode() == 200 || answer.statusCode() == 202) {
                    if (batch) {
                        batchAcknowledged(answer.body(), ids);
                    } else {
                        acknowledged.add(ids.get(0));
                    }
                    mark(second, 0);
                } else if (answer.statusCode() == 503) {
                    if (answer.headers().firstValue("Retry-After").isEmpty()) {
                        findings.add("503 without Retry-After from " + target);
                    }
                    mark(second, 1);
                } else {
                    findings.add(answer.statusCode() + " from " + target + ": " + cut(answer.body()));
                    mark(second, 1);
                }
            } catch (IOException e) {
                answers.merge("no answer (instance down)", 1, Integer::sum);
                mark(second, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    /** A batch answers per fact: the accepted ones (202/200) are acknowledged, each refusal is checked like one. */
    private void batchAcknowledged(String body, List<String> ids) {
        JsonNode results = new ObjectMapper().readTree(body).path("results");
        for (JsonNode r : results) {
            int status = r.path("status").asInt();
            if (status == 200 || status == 202) {
                acknowledged.add(r.path("eventId").asString());
            } else if (status != 503) {
                findings.add("batch item " + status + ": " + cut(r.toString()));
            }
        }
    }

    private void mark(long second, int which) {
        seconds.computeIfAbsent(second, s -> new boolean[2])[which] = true;
    }

    /** Follows the grade-change stream, from either query instance, reconnecting with Last-Event-ID. */
    void subscribe(AtomicBoolean subscribing) {
        String lastEventId = null;
        int instance = 0;
        ObjectMapper json = new ObjectMapper();
        while (subscribing.get()) {
            List<URI> query = cluster.urls().get("query");
            URI url = query.get(instance++ % query.size()).resolve("/api/v1/grade-changes");
            HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + office);
            if (lastEventId != null) {
                request.header("Last-Event-ID", lastEventId);
            }
            try {
                HttpResponse<InputStream> response =
                        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() != 200) {
                    response.body().close();
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    continue;
                }
                subscribed.countDown();
                try (BufferedReader lines =
                        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String id = null;
                    for (String line; subscribing.get() && (line = lines.readLine()) != null; ) {
                        if (line.startsWith("id:")) {
                            id = line.substring(3).strip();
                        } else if (line.startsWith("data:")) {
                            String changeId = json.readTree(line.substring(5))
                                    .path("changeId")
                                    .asString();
                            changesSeen.merge(changeId, 1, Integer::sum);
                        } else if (line.isEmpty() && id != null) {
                            lastEventId = id;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private HttpResponse<String> send(String method, URI uri, String token, String json)
            throws IOException, InterruptedException {
        return send(http, method, uri, token, json);
    }

    /** A JSON request with a bearer token, answered as text (the chaos run's and the cluster test's). */
    static HttpResponse<String> send(HttpClient http, String method, URI uri, String token, String json)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A body shortened for a report line. */
    static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
