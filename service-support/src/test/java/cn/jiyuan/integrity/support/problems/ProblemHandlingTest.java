package cn.jiyuan.integrity.support.problems;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class ProblemHandlingTest {

    private final ProblemHandling handling = new ProblemHandling();
    private final MockServerWebExchange exchange =
            MockServerWebExchange.from(MockServerHttpRequest.post("/api/v1/events"));

    @Test
    void aDatabaseOutOfReachIsA503WithRetryAfterNotA500() {
        var response = handling.database(
                new DataAccessResourceFailureException(
                        "Failed to obtain R2DBC Connection", new IllegalStateException("too many clients")),
                exchange);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
        assertThat(response.getBody().getType().toString())
                .isEqualTo("urn:jiyuan-integrity:problem:service-unavailable");
        assertThat(response.getBody().getDetail()).contains("retry later");
        assertThat(response.getBody().getInstance()).hasToString("/api/v1/events");
    }

    @Test
    void aTransientDatabaseFailureIsA503Too() {
        var response = handling.database(new QueryTimeoutException("statement timeout"), exchange);

        assertThat(response.getStatusCode().value()).isEqualTo(503);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void anythingElseUnexpectedStaysA500WithoutRetryAfter() {
        var response = handling.unexpected(new IllegalStateException("bug"), exchange);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
    }
}
