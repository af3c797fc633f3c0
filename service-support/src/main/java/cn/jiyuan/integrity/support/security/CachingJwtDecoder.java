package cn.jiyuan.integrity.support.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Remembers tokens whose signature was verified, so that a caller's next requests with the same token skip parsing
 * and signature verification (HMAC or RSA, a noticeable share of a small request's CPU). The claims are validated
 * again on every request — an expired token is refused the moment it expires, cached or not. Only successes are
 * remembered; an entry is kept at most {@code ttl} (so a key removed from a JWK set stops being honoured after that)
 * and the cache is emptied when it reaches {@code maxEntries}. The key is the whole token, signature included.
 */
final class CachingJwtDecoder implements ReactiveJwtDecoder {

    private record Entry(Jwt jwt, long verifiedAt) {}

    private final ReactiveJwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Entry> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(
            ReactiveJwtDecoder delegate,
            OAuth2TokenValidator<Jwt> validator,
            Duration ttl,
            int maxEntries,
            LongSupplier nanoTime) {
        this.delegate = delegate;
        this.validator = validator;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    @Override
    public Mono<Jwt> decode(String token) {
        Entry e = verified.get(token);
        if (e != null) {
            if (nanoTime.getAsLong() - e.verifiedAt() < ttlNanos
                    && !validator.validate(e.jwt()).hasErrors()) {
                return Mono.just(e.jwt());
            }
            verified.remove(token, e); // expired or too old: the delegate decides, and says why
        }
        return delegate.decode(token).doOnNext(jwt -> {
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
            verified.put(token, new Entry(jwt, nanoTime.getAsLong()));
        });
    }

    int size() {
        return verified.size();
    }
}
