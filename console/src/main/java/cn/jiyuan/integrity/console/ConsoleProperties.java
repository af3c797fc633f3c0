package cn.jiyuan.integrity.console;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the services answer and how the console signs people in.
 *
 * @param ingestUrl the ingest service (facts, units)
 * @param objectionUrl the objection service (objections, corrections)
 * @param queryUrl the query service (scores, rankings, facts, catalog, audit)
 * @param localMode the launcher's local mode: the sign-in page offers the demo identities and signs their tokens
 *     with {@code localSecret}; refused with the built-in secret outside local mode
 * @param localSecret the services' local HS256 secret ({@code INTEGRITY_JWT_SECRET})
 * @param sessionIdle a session unused this long ends
 * @param secureCookie the session cookie only over TLS (set it when the console is served over https)
 * @param apiTimeout how long a page waits for a service
 */
@ConfigurationProperties("integrity.console")
public record ConsoleProperties(
        URI ingestUrl,
        URI objectionUrl,
        URI queryUrl,
        boolean localMode,
        String localSecret,
        Duration sessionIdle,
        boolean secureCookie,
        Duration apiTimeout) {}
