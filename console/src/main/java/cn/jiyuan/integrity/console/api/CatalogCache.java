package cn.jiyuan.integrity.console.api;

import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The catalog in force, read from the query service (anyone signed in may) and kept for a few minutes: every form
 * and breakdown is built from it, and it changes once a year at most.
 */
@Component
public class CatalogCache {

    static final Duration KEEP = Duration.ofMinutes(5);

    private record Held(QueryViews.Catalog catalog, Instant until) {}

    private final ServiceApis apis;
    private final Clock clock;
    private final AtomicReference<Held> held = new AtomicReference<>();

    CatalogCache(ServiceApis apis, Clock clock) {
        this.apis = apis;
        this.clock = clock;
    }

    public Mono<QueryViews.Catalog> catalog(Caller caller) {
        Held h = held.get();
        if (h != null && clock.instant().isBefore(h.until())) {
            return Mono.just(h.catalog());
        }
        return apis.get(Service.QUERY, ServiceApis.path("/api/v1/catalog"), caller, QueryViews.Catalog.class)
                .doOnNext(c -> held.set(new Held(c, clock.instant().plus(KEEP))));
    }
}
