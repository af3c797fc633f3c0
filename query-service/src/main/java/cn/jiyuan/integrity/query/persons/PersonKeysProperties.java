package cn.jiyuan.integrity.query.persons;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the query service gets the keys of personal data.
 *
 * @param url the ingest service, whose key store hands them out (default {@code http://127.0.0.1:8081})
 * @param tokenUri with an external token issuer: its token endpoint, where this service gets its {@code PERSON_KEYS}
 *     token with the client credentials {@code clientId}/{@code clientSecret} (and {@code scope}, if the issuer wants
 *     one); without, the service signs its token with the shared secret
 * @param timeout how long a read waits for the keys before answering 503
 * @param retryAfter what that 503 tells the caller to wait
 * @param maxIdle a connection to the key store unused this long is not used again (default 5 s: well inside the
 *     services' 10 s header deadline, after which the ingest service closes a kept-alive connection)
 */
@ConfigurationProperties("integrity.person-keys")
public record PersonKeysProperties(
        String url,
        String tokenUri,
        String clientId,
        String clientSecret,
        String scope,
        Duration timeout,
        Duration retryAfter,
        Duration maxIdle) {

    public PersonKeysProperties {
        if (url == null || url.isBlank()) {
            url = "http://127.0.0.1:8081";
        }
        if (timeout == null) {
            timeout = Duration.ofSeconds(5);
        }
        if (retryAfter == null) {
            retryAfter = Duration.ofSeconds(5);
        }
        if (maxIdle == null) {
            maxIdle = Duration.ofSeconds(5);
        }
    }
}
