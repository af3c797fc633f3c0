package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.support.security.JwtProperties;
import cn.jiyuan.integrity.support.security.LocalTokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Malformed requests across every endpoint of the four services, from a seeded generator (the same seed sends the
 * same requests): broken and hostile tokens, bodies of the wrong shape, broken JSON and UTF-8, NUL and direction
 * marks, huge and non-finite numbers, deep nesting, odd and percent-encoded paths and ids, bad parameters, wrong
 * methods and media types. It records what no answer may be: a 5xx, a refusal that is not problem+json, a body that
 * names a Java class, a library or a stack frame. (An unknown health group under {@code /actuator/} is Spring Boot's
 * own empty 404: outside the API, it is not held to problem+json.)
 */
final class HttpFuzz {

    /** A request that got an answer it must never get. */
    record Finding(String request, int status, String why) {}

    private static final String[] LEAKS = {
        "Exception",
        "\tat ",
        "java.",
        "javax.",
        "tools.jackson",
        "com.fasterxml",
        "reactor.",
        "org.springframework",
        "io.netty",
        "cn.jiyuan",
        "org.apache",
        "NullPointer",
        "stack"
    };

    private final URI ingest;
    private final URI scoring;
    private final URI objection;
    private final URI query;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final LocalTokens local = new LocalTokens(JwtProperties.LOCAL_DEFAULT_SECRET);
    private final List<String> validTokens = new ArrayList<>();

    HttpFuzz(URI ingest, URI scoring, URI objection, URI query, long seed) {
        this.ingest = ingest;
        this.scoring = scoring;
        this.objection = objection;
        this.query = query;
        this.random = new Random(seed);
        String[][] who = {
            {"XYB", "CREDIT_OFFICE"},
            {"JGW", "PROVIDER"},
            {"SFY", "PROVIDER"},
            {"KJZ", "UNIT"},
            {"DCB", "CONSUMER"},
            {"XYB", "OPERATOR"},
            {"WMB", "PROVIDER"}
        };
        for (String[] w : who) {
            validTokens.add(local.mint("fuzz-" + w[0], w[0], List.of(w[1]), Duration.ofHours(1)));
        }
    }

    private record Request(String method, URI uri, String token, String contentType, byte[] body, String purpose) {
        @Override
        public String toString() {
            return method + " " + uri + " (" + (body == null ? 0 : body.length) + " bytes)";
        }
    }

    /** Sends {@code count} requests, {@code parallel} at a time; what they got that they must never get. */
    List<Finding> run(int count, int parallel) throws Exception {
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            requests.add(next());
        }
        ConcurrentLinkedQueue<Finding> findings = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Request r : requests) {
                sent.add(pool.submit(() -> {
                    check(r, findings);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return List.copyOf(findings);
    }

    private void check(Request r, ConcurrentLinkedQueue<Finding> findings) {
        HttpRequest.Builder b = HttpRequest.newBuilder(r.uri())
                .timeout(Duration.ofSeconds(20))
                .method(
                        r.method(),
                        r.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        if (r.token() != null) {
            b.header("Authorization", r.token());
        }
        if (r.contentType() != null) {
            b.header("Content-Type", r.contentType());
        }
        if (r.purpose() != null) {
            b.header("X-Query-Purpose", r.purpose());
        }
        try {
            HttpResponse<InputStream> answer = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            int status = answer.statusCode();
            String type = answer.headers().firstValue("Content-Type").orElse("");
            String body;
            try (InputStream in = answer.body()) {
                // a stream (the grade changes) does not end: its headers are the answer
                body = type.startsWith("text/event-stream")
                        ? ""
                        : new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (status >= 500) {
                findings.add(new Finding(r.toString(), status, "a server error: " + cut(body)));
            } else if (status >= 400
                    && !type.startsWith("application/problem+json")
                    && !(status == 404 && r.uri().getPath().startsWith("/actuator/"))) {
                // (an unknown actuator path is Spring Boot's own empty 404: not an API endpoint)
                findings.add(new Finding(r.toString(), status, "a refusal that is not problem+json: " + type));
            }
            for (String leak : LEAKS) {
                if (status >= 400 && body.contains(leak)) {
                    findings.add(new Finding(r.toString(), status, "names internals (" + leak + "): " + cut(body)));
                }
            }
        } catch (HttpTimeoutException e) {
            findings.add(new Finding(r.toString(), 0, "no answer within 20 s"));
        } catch (Exception e) {
            findings.add(new Finding(r.toString(), 0, "the connection failed: " + e));
        }
    }

    private static String cut(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    // --- the generator ---------------------------------------------------------------------------------------------

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private Request next() {
        String[] endpoint = pick(List.of(
                new String[] {"PUT", "ingest", "/api/v1/units/{unit}"},
                new String[] {"POST", "ingest", "/api/v1/events"},
                new String[] {"POST", "ingest", "/api/v1/events/batch"},
                new String[] {"POST", "ingest", "/api/v1/debtor-listings"},
                new String[] {"POST", "objection", "/api/v1/objections"},
                new String[] {"POST", "objection", "/api/v1/objections/{id}/decision"},
                new String[] {"POST", "objection", "/api/v1/objections/{id}/review"},
                new String[] {"GET", "objection", "/api/v1/objections/{id}"},
                new String[] {"GET", "objection", "/api/v1/objections?{params}"},
                new String[] {"GET", "objection", "/api/v1/facts/{id}"},
                new String[] {"POST", "objection", "/api/v1/corrections"},
                new String[] {"POST", "objection", "/api/v1/corrections/{id}/review"},
                new String[] {"GET", "objection", "/api/v1/corrections/{id}"},
                new String[] {"GET", "objection", "/api/v1/corrections?{params}"},
                new String[] {"GET", "query", "/api/v1/facts?{params}"},
                new String[] {"GET", "query", "/api/v1/units"},
                new String[] {"GET", "query", "/api/v1/catalog"},
                new String[] {"GET", "query", "/api/v1/units/{unit}/score?{params}"},
                new String[] {"GET", "query", "/api/v1/units/{unit}/events?{params}"},
                new String[] {"GET", "query", "/api/v1/rankings?{params}"},
                new String[] {"GET", "query", "/api/v1/grade-changes"},
                new String[] {"GET", "query", "/api/v1/audit?{params}"},
                new String[] {"GET", "query", "/api/v1/audit/summary?{params}"},
                new String[] {"GET", "query", "/api/v1/schemas/{fingerprint}"},
                new String[] {"GET", "query", "/api/v1/schemas"},
                new String[] {"GET", "query", "/api/v1/evaluations"},
                new String[] {"POST", "query", "/api/v1/evaluations/{unit}"},
                new String[] {"GET", "query", "/api/v1/reports/late?{params}"},
                new String[] {"GET", "query", "/api/v1/reports/missing?{params}"},
                new String[] {"GET", "query", "/api/v1/reports/consultations?{params}"},
                new String[] {"PUT", "query", "/api/v1/consultation-duties/{unit}/{id}"},
                new String[] {"GET", "query", "/api/v1/notices?{params}"},
                new String[] {"POST", "query", "/api/v1/notices/{id}/read"},
                new String[] {"GET", "query", "/api/v1/calendar"},
                new String[] {"PUT", "query", "/api/v1/calendar/{unit}"},
                new String[] {"GET", "query", "/api/v1/catalog/versions"},
                new String[] {"POST", "query", "/api/v1/catalog/versions"},
                new String[] {"GET", "scoring", "/api/v1/{unit}"},
                new String[] {"GET", "scoring", "/actuator/health/{id}"}));
        URI base = switch (endpoint[1]) {
            case "ingest" -> ingest;
            case "objection" -> objection;
            case "query" -> query;
            default -> scoring;
        };
        String method = random.nextInt(12) == 0 ? pick(List.of("DELETE", "PATCH", "PUT", "POST", "GET")) : endpoint[0];
        String path = endpoint[2]
                .replace("{unit}", segment())
                .replace("{id}", segment())
                .replace("{fingerprint}", segment())
                .replace("{params}", params());
        if (random.nextInt(10) == 0) {
            path = encodeSomeLetters(path);
        }
        byte[] body = method.equals("GET") && random.nextInt(4) != 0 ? null : body(endpoint[2]);
        String contentType = random.nextInt(10) == 0
                ? pick(List.of("text/plain", "application/xml", "application/json; charset=latin1", "*/*", "garbage"))
                : "application/json";
        String purpose = random.nextInt(3) == 0
                ? null
                : pick(List.of("HONOURS", "CADRE_SELECTION", "curiosity", "", "HONOURS\u0000", "管理"));
        URI uri;
        try {
            uri = URI.create(base.toString() + path);
        } catch (IllegalArgumentException e) {
            uri = base.resolve("/api/v1/unparsable");
        }
        return new Request(method, uri, token(), contentType, body, purpose == null ? null : ascii(purpose));
    }

    /** A header value the HTTP client accepts (it refuses control characters itself). */
    private static String ascii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    private String segment() {
        return switch (random.nextInt(10)) {
            case 0 -> "KJZ";
            case 1 -> UUID.randomUUID().toString();
            case 2 -> "%00";
            case 3 -> "a".repeat(200 + random.nextInt(800));
            case 4 -> "%E5%85%8B%E4%BA%95";
            case 5 -> "..%2F..%2Fetc";
            case 6 -> "%4BJZ";
            case 7 -> "0000000000000000";
            case 8 -> "-1";
            default -> Integer.toString(random.nextInt());
        };
    }

    private String params() {
        List<String> p = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            String name = pick(List.of(
                    "asOf",
                    "limit",
                    "year",
                    "status",
                    "unitId",
                    "overdue",
                    "org",
                    "purpose",
                    "from",
                    "to",
                    "cursor",
                    "eventId",
                    "providerOrg",
                    "indicator",
                    "late",
                    "x"));
            String value = pick(List.of(
                    "2025-12-31",
                    "2019-01-01",
                    "9999-99-99",
                    "-5",
                    "100000",
                    "true",
                    "maybe",
                    "%00",
                    "%E2%80%AE",
                    "2021-01-01",
                    "",
                    "a".repeat(300),
                    Long.toString(random.nextLong())));
            p.add(name + "=" + value);
        }
        return String.join("&", p);
    }

    private String encodeSomeLetters(String path) {
        StringBuilder b = new StringBuilder();
        for (char c : path.toCharArray()) {
            if (Character.isLetter(c) && c < 0x80 && random.nextInt(6) == 0) {
                b.append(String.format("%%%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String token() {
        return switch (random.nextInt(14)) {
            case 0 -> null;
            case 1 -> "Bearer";
            case 2 -> "Bearer " + "x".repeat(random.nextInt(2000));
            case 3 -> "Basic dXNlcjpwYXNz";
            case 4 ->
                "Bearer "
                        + local.mint(
                                "fuzz",
                                "XYB",
                                List.of("CREDIT_OFFICE"),
                                Instant.now().minusSeconds(5));
            case 5 -> "Bearer " + signed(claims("XYB\u0000", List.of("CREDIT_OFFICE")));
            case 6 -> "Bearer " + signed(claims("XYB", List.of(List.of("CREDIT_OFFICE"))));
            case 7 -> "Bearer " + new PlainJWT(claims("XYB", List.of("CREDIT_OFFICE"))).serialize();
            case 8 ->
                "Bearer "
                        + signedWith("another-secret-0123456789abcdef012345", claims("XYB", List.of("CREDIT_OFFICE")));
            case 9 -> "Bearer " + signed(claims("XYB", "CREDIT_OFFICE"));
            default -> "Bearer " + pick(validTokens);
        };
    }

    private static JWTClaimsSet claims(String org, Object roles) {
        return new JWTClaimsSet.Builder()
                .subject("fuzz")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .claim("org", org)
                .claim("roles", roles)
                .build();
    }

    private static String signed(JWTClaimsSet claims) {
        return signedWith(JwtProperties.LOCAL_DEFAULT_SECRET, claims);
    }

    private static String signedWith(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] body(String endpoint) {
        String json = switch (random.nextInt(16)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "[1,2,3]";
            case 3 -> "null";
            case 4 -> "[".repeat(400 + random.nextInt(400)) + "]".repeat(10);
            case 5 -> "{\"a\":" + "{\"a\":".repeat(700) + "1" + "}".repeat(701);
            case 6 -> "{\"points\":1e400,\"eventId\":\"" + UUID.randomUUID() + "\",\"unitId\":\"KJZ\"}";
            case 7 -> "{\"name\":\"a\\u0000b\",\"active\":true,\"reason\":\"\\u202e反转\"}";
            case 8 -> "{\"eventId\":\"" + UUID.randomUUID() + "\",\"eventId\":\"dup\",\"unitId\":\"KJZ\"}";
            case 9 -> "{\"events\":" + "[{\"eventId\":1}]".repeat(1) + "}";
            case 10 -> "\"" + "长".repeat(random.nextInt(30_000)) + "\"";
            case 11 -> "{\"finding\":\"TRUE\",\"remedy\":\"AMEND\",\"amendment\":{\"outcome\":null,\"points\":-1e308}}";
            case 12 -> "{\"decision\":[\"APPROVE\"],\"comment\":{\"x\":1}}";
            case 13 -> validLooking(endpoint);
            case 14 -> "{\"caseNumber\":\"(2026)\\u0007\",\"unitId\":\"KJZ\",\"status\":\"LISTED\"}";
            default -> "{\"" + "k".repeat(random.nextInt(100)) + "\":" + random.nextDouble() + "}";
        };
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0 && bytes.length > 2) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x40)); // broken UTF-8
        }
        return bytes;
    }

    /** A body close to a valid one, with one field gone wrong. */
    private String validLooking(String endpoint) {
        String occurred = pick(List.of("2026-11-20", "2020-12-31", "2099-01-01", "20-11-2026", "2026-02-30"));
        String points = pick(List.of("null", "1.5", "-3", "0.001", "1e2", "\"2\"", "99999999999999999999"));
        return switch (endpoint) {
            case "/api/v1/units/{unit}" ->
                "{\"name\":\"克井镇\",\"active\":" + pick(List.of("true", "\"yes\"", "1")) + "}";
            case "/api/v1/objections" -> "{\"eventId\":\"" + UUID.randomUUID() + "\",\"reason\":\"撤销\"}";
            case "/api/v1/calendar/{unit}" ->
                "{\"off\":[\"" + pick(List.of("01-01..01-03", "12-31..01-02", "05-05..05-01", "02-30", "1-1"))
                        + "\"],\"makeUp\":" + pick(List.of("[\"02-20\"]", "[\"01-04\"]", "\"x\"", "[1]")) + "}";
            case "/api/v1/corrections" ->
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"remedy\":\"" + pick(List.of("DELETE", "AMEND", "x"))
                        + "\",\"amendment\":{\"outcome\":\"TALK_OR_CRITICISM\",\"points\":" + points
                        + ",\"occurredOn\":\"" + occurred + "\"},\"explanation\":\"更正\"}";
            default ->
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"unitId\":\"KJZ\",\"indicator\":\""
                        + pick(List.of("4.1", "6.4", "9.9", "", "7.4")) + "\",\"outcome\":\""
                        + pick(List.of("TALK_OR_CRITICISM", "PENALISED", "X")) + "\",\"points\":" + points
                        + ",\"occurredOn\":\"" + occurred + "\"}";
        };
    }
}
