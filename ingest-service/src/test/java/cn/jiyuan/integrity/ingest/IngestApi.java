package cn.jiyuan.integrity.ingest;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.testing.TestTokens;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The ingest API as a department's system calls it, and fact bodies built field by field. */
public final class IngestApi {

    public final WebTestClient http;

    public IngestApi(int port) {
        this.http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    public static String creditOffice() {
        return TestTokens.token("XYB", "CREDIT_OFFICE");
    }

    public WebTestClient.ResponseSpec registerUnit(String unitId, String name, boolean active) {
        return http.put()
                .uri("/api/v1/units/{id}", unitId)
                .header("Authorization", "Bearer " + creditOffice())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "active", active))
                .exchange();
    }

    public WebTestClient.ResponseSpec post(String token, Object body) {
        return http.post()
                .uri("/api/v1/events")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    /** Any ingest endpoint: a JSON body posted with the token. */
    public WebTestClient.ResponseSpec post(String path, String token, Object body) {
        return http.post()
                .uri(path)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    public WebTestClient.ResponseSpec batch(String token, List<?> events) {
        return http.post()
                .uri("/api/v1/events/batch")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("events", events))
                .exchange();
    }

    /** A valid 4.1 LIGHT_DISCIPLINE fact by JGW about {@code unitId}; change fields with {@link #with}. */
    public static Map<String, Object> fact(String unitId) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("eventId", UUID.randomUUID().toString());
        f.put("unitId", unitId);
        f.put("indicator", "4.1");
        f.put("outcome", "LIGHT_DISCIPLINE");
        f.put("occurredOn", LocalDate.now(ChinaTime.ZONE).minusDays(3).toString());
        f.put("reference", "济纪发〔2026〕3号");
        f.put("summary", "约谈后仍未整改");
        f.put("persons", List.of(Map.of("name", "欧阳娜娜", "position", "副局长")));
        return f;
    }

    public static Map<String, Object> with(Map<String, Object> fact, Object... keyValues) {
        Map<String, Object> copy = new LinkedHashMap<>(fact);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                copy.remove((String) keyValues[i]);
            } else {
                copy.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return copy;
    }
}
