package cn.jiyuan.integrity.ingest.web;

import cn.jiyuan.integrity.ingest.IngestProperties;
import cn.jiyuan.integrity.support.problems.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * 413 before reading a body whose declared length exceeds the endpoint's limit. Bodies without a length are bounded
 * by the codec's {@code spring.codec.max-in-memory-size} (the batch limit) and answered 413 by the problem handling.
 */
@Component
class BodyLimitFilter implements WebFilter, Ordered {

    private final IngestProperties properties;
    private final ProblemWriter problems;

    BodyLimitFilter(IngestProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        long limit = limitFor(exchange.getRequest().getPath().value());
        if (length > limit) {
            return problems.write(
                    exchange,
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "Payload too large",
                    "the body has " + length + " bytes; this endpoint accepts at most " + limit);
        }
        return chain.filter(exchange);
    }

    private long limitFor(String path) {
        var limits = properties.bodyLimits();
        if (path.equals("/api/v1/events/batch")) {
            return limits.batch().toBytes();
        }
        if (path.equals("/api/v1/events")) {
            return limits.single().toBytes();
        }
        return limits.other().toBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
