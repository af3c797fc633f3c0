package cn.jiyuan.integrity.ingest.web;

import cn.jiyuan.integrity.ingest.IngestProperties;
import cn.jiyuan.integrity.support.problems.ProblemWriter;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.security.Callers;
import cn.jiyuan.integrity.support.web.FairShare;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Bodies within each endpoint's limit, and a fair share of the memory they take (review D4, I3).
 *
 * <ul>
 *   <li>A declared length over the limit is 413 without keeping the body: up to {@value #DRAIN_LIMIT} bytes it is
 *       read and thrown away first, so that a client that sends its whole body before it reads the answer can read
 *       the 413 instead of a reset connection.
 *   <li>A body without a length (chunked) is counted while it is read and cut off with 413 at the limit, instead of at
 *       the codec's largest limit.
 *   <li>Runs after the security chain: the bodies a caller has in flight may add up to {@value #BYTES_PER_CALLER}
 *       bytes, all callers' to {@value #BYTES_IN_ALL} (a body without a length counts as its endpoint's limit), 429
 *       with {@code Retry-After} beyond — so parallel 16 MB batches from one account cannot exhaust the memory every
 *       caller shares, while a department's many small facts are not held up.
 * </ul>
 */
@Component
class BodyLimitFilter implements WebFilter, Ordered {

    static final long DRAIN_LIMIT = 32L * 1024 * 1024;
    static final long BYTES_PER_CALLER = 64L * 1024 * 1024;
    static final long BYTES_IN_ALL = 512L * 1024 * 1024;
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final IngestProperties properties;
    private final ProblemWriter problems;
    private final FairShare bytes =
            new FairShare("bytes of request bodies in flight", BYTES_PER_CALLER, BYTES_IN_ALL, RETRY);

    BodyLimitFilter(IngestProperties properties, ProblemWriter problems) {
        this.properties = properties;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        long limit = limitFor(path);
        long length = request.getHeaders().getContentLength();
        if (length > limit) {
            Mono<Void> tooLarge = problems.write(
                    exchange,
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "Payload too large",
                    "the body has " + length + " bytes; this endpoint accepts at most " + limit);
            return length <= DRAIN_LIMIT ? drain(request).then(tooLarge) : tooLarge;
        }
        ServerWebExchange counted = length >= 0
                ? exchange
                : exchange.mutate().request(new Counted(request, limit)).build();
        return exchange.getPrincipal()
                .map(p -> p instanceof JwtAuthenticationToken token
                        ? Callers.of(token.getToken()).org() + "/" + token.getName()
                        : p.getName())
                .defaultIfEmpty("anonymous")
                .flatMap(caller -> bytes.run(caller, length >= 0 ? length : limit, chain.filter(counted)))
                .onErrorResume(
                        Refusal.class,
                        e -> e.kind() == Refusal.Kind.TOO_MANY_REQUESTS ? tooMany(exchange, e) : Mono.error(e));
    }

    private Mono<Void> tooMany(ServerWebExchange exchange, Refusal e) {
        exchange.getResponse()
                .getHeaders()
                .set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()));
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage());
    }

    /** Reads and releases what the client sends, up to {@link #DRAIN_LIMIT} bytes. */
    private static Mono<Void> drain(ServerHttpRequest request) {
        AtomicLong read = new AtomicLong();
        return request.getBody()
                .takeWhile(buffer -> read.addAndGet(buffer.readableByteCount()) <= DRAIN_LIMIT)
                .doOnNext(DataBufferUtils::release)
                .then()
                .onErrorResume(e -> Mono.empty());
    }

    private long limitFor(String path) {
        var limits = properties.bodyLimits();
        if (path.equals("/api/v1/events/batch") || path.startsWith("/api/v1/history/")) {
            return limits.batch().toBytes();
        }
        if (path.equals("/api/v1/events")) {
            return limits.single().toBytes();
        }
        return limits.other().toBytes();
    }

    /** A body without a declared length, cut off once it passes the limit. */
    private static final class Counted extends ServerHttpRequestDecorator {
        private final long limit;

        Counted(ServerHttpRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong read = new AtomicLong();
            return super.getBody().map(buffer -> {
                if (read.addAndGet(buffer.readableByteCount()) > limit) {
                    DataBufferUtils.release(buffer);
                    throw new DataBufferLimitException(
                            "the body is larger than this endpoint accepts (" + limit + " bytes)");
                }
                return buffer;
            });
        }
    }

    /** After the security chain (order −100): the caller is known, and a request without a token never gets here. */
    @Override
    public int getOrder() {
        return 0;
    }
}
