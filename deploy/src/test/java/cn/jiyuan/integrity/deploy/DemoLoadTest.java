package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run.sh --demo} against the real stack: every demo fact is accepted through the history import, loading again
 * changes nothing, and time travel finds the two years — a ranking of a year ago lists the demo's units.
 */
class DemoLoadTest {

    @TempDir
    Path data;

    @Test
    void theDemoIsHistoryThatTimeTravelFinds() throws Exception {
        LocalStack.Options options = StackPorts.free().options(data);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (LocalStack stack = LocalStack.start(options, new PrintStream(new ByteArrayOutputStream(), true))) {
            DemoData demo = new DemoData(
                    stack.ingestUrl(), stack.objectionUrl(), new PrintStream(printed, true, StandardCharsets.UTF_8));
            LocalDate today = DemoData.today();
            Map<Integer, Integer> first = demo.load(today);
            assertThat(first).as(printed.toString(StandardCharsets.UTF_8)).containsOnlyKeys(202);
            assertThat(first.get(202)).isEqualTo(DemoData.facts(today).size());
            assertThat(demo.load(today)).as("loaded again").containsOnlyKeys(200);

            // the operator's command imports a file of the same shape; a record it refuses is named
            Path file = data.resolve("history.json");
            Files.writeString(file, """
                    {"units": [{"unitId": "HISTU", "name": "历史单位", "active": true, "recordedAt": "2022-02-01T01:00:00Z"}],
                     "facts": [{"eventId": "5d0f8c2e-4a7b-4c1d-9e2f-3a4b5c6d7e8f", "unitId": "HISTU", "indicator": "4.1",
                                "outcome": "LIGHT_DISCIPLINE", "occurredOn": "2023-03-01", "providerOrg": "JGW",
                                "recordedAt": "2023-03-03T02:00:00Z"},
                               {"eventId": "6e1f9d3f-5b8c-4d2e-8f3a-4b5c6d7e8f90", "unitId": "HISTU", "indicator": "4.1",
                                "outcome": "LIGHT_DISCIPLINE", "occurredOn": "2023-03-01", "providerOrg": "SFJ",
                                "recordedAt": "2023-03-03T02:00:00Z"}],
                     "listings": [{"caseNumber": "(2023)豫9001执5号", "unitId": "HISTU", "status": "LISTED",
                                   "providerOrg": "SFY", "recordedAt": "2023-06-01T02:00:00Z"}]}
                    """, StandardCharsets.UTF_8);
            ByteArrayOutputStream said = new ByteArrayOutputStream();
            int rc = ImportHistoryCommand.run(
                    new String[] {"--file=" + file, "--ingest=" + stack.ingestUrl()},
                    new PrintStream(said, true, StandardCharsets.UTF_8));
            String report = said.toString(StandardCharsets.UTF_8);
            assertThat(rc).as(report).isEqualTo(1);
            assertThat(report)
                    .contains("units: 1 ({202=1} by status)")
                    .contains("facts: 2 ({202=1, 403=1} by status)")
                    .contains("refused facts 6e1f9d3f-5b8c-4d2e-8f3a-4b5c6d7e8f90: 403")
                    .contains("listings: 1 ({202=1} by status)");
            assertThat(ImportHistoryCommand.run(
                            new String[] {"--nonsense"}, new PrintStream(new ByteArrayOutputStream())))
                    .isEqualTo(2);

            String xyb = LocalTokens.withDefaultSecret()
                    .mint("demo-test", "XYB", List.of("CREDIT_OFFICE"), Duration.ofHours(1));
            HttpClient http = HttpClient.newHttpClient();
            URI yearAgo = stack.queryUrl().resolve("/api/v1/rankings?asOf=" + today.minusYears(1));
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(yearAgo)
                                .header("Authorization", "Bearer " + xyb)
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return r.statusCode() == 200
                        && DemoData.UNITS.keySet().stream()
                                .allMatch(unit -> r.body().contains("\"" + unit + "\""));
            });
        }
    }
}
