package cn.jiyuan.integrity.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param bodyLimits the largest request body per kind of endpoint (413 above)
 * @param retryAfter what a 503 tells the caller to wait
 */
@ConfigurationProperties("ingest")
public record IngestProperties(BodyLimits bodyLimits, Duration retryAfter) {

    public record BodyLimits(DataSize batch, DataSize single, DataSize other) {}
}
