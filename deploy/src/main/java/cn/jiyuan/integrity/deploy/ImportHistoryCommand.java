package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code import-history --file=history.json [--ingest=http://127.0.0.1:8081] [--token=JWT]}: imports the records of
 * an earlier credit platform (第五条) through the ingest service's history endpoints — first {@code units}, then
 * {@code facts}, then {@code listings} of the file {@code {"units": [...], "facts": [...], "listings": [...]}}, 1,000
 * a request — and prints what was
 * accepted and every refusal. Without {@code --token} it signs an OPERATOR token with the local secret (a local run).
 * Exit status 0 when nothing was refused, 1 when something was, 2 for a usage error.
 */
final class ImportHistoryCommand {

    static final String USAGE =
            "usage: import-history --file=history.json [--ingest=http://127.0.0.1:8081] [--token=JWT]";

    private static final int CHUNK = 1000;

    private final URI ingest;
    private final String token;
    private final PrintStream out;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private ImportHistoryCommand(URI ingest, String token, PrintStream out) {
        this.ingest = ingest;
        this.token = token;
        this.out = out;
    }

    static int run(String[] args, PrintStream out) {
        Path file = null;
        URI ingest = URI.create("http://127.0.0.1:8081");
        String token = null;
        for (String arg : args) {
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
            switch (arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg) {
                case "--file" -> file = Path.of(value);
                case "--ingest" -> ingest = URI.create(value);
                case "--token" -> token = value;
                default -> {
                    out.println("unknown option " + arg);
                    out.println(USAGE);
                    return 2;
                }
            }
        }
        if (file == null) {
            out.println(USAGE);
            return 2;
        }
        if (token == null) {
            token = LocalTokens.withDefaultSecret()
                    .mint("import-history", "XYB", List.of("OPERATOR"), Duration.ofHours(1));
        }
        try {
            JsonNode history = JsonMapper.builder().build().readTree(Files.readString(file, StandardCharsets.UTF_8));
            return new ImportHistoryCommand(ingest, token, out).importAll(history);
        } catch (IOException | JacksonException e) {
            out.println("cannot import " + file + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int importAll(JsonNode history) throws IOException, InterruptedException {
        int refused = importList(history.path("units"), "units", "unitId");
        refused += importList(history.path("facts"), "facts", "eventId");
        refused += importList(history.path("listings"), "listings", "caseNumber");
        return refused == 0 ? 0 : 1;
    }

    /** Posts the list in chunks; prints the count per status and each refusal; returns how many were refused. */
    private int importList(JsonNode list, String kind, String idField) throws IOException, InterruptedException {
        if (!list.isArray() || list.isEmpty()) {
            return 0;
        }
        Map<Integer, Integer> statuses = new TreeMap<>();
        int refused = 0;
        for (int from = 0; from < list.size(); from += CHUNK) {
            List<JsonNode> chunk = new ArrayList<>();
            for (int i = from; i < Math.min(list.size(), from + CHUNK); i++) {
                chunk.add(list.get(i));
            }
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(ingest.resolve("/api/v1/history/" + kind))
                            .timeout(Duration.ofMinutes(2))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(kind, chunk))))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (answer.statusCode() != 200) {
                out.printf(
                        "%s %d–%d: %d %s%n", kind, from, from + chunk.size() - 1, answer.statusCode(), answer.body());
                statuses.merge(answer.statusCode(), chunk.size(), Integer::sum);
                refused += chunk.size();
                continue;
            }
            for (JsonNode r : json.readTree(answer.body()).path("results")) {
                int status = r.path("status").asInt();
                statuses.merge(status, 1, Integer::sum);
                if (status >= 400) {
                    refused++;
                    out.printf(
                            "refused %s %s: %d %s%n",
                            kind,
                            r.path(idField).asString(""),
                            status,
                            r.path("errors").isMissingNode() ? r.path("detail").asString("") : r.path("errors"));
                }
            }
        }
        out.printf("%s: %d (%s by status)%n", kind, list.size(), statuses);
        return refused;
    }
}
