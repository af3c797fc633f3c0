package cn.jiyuan.integrity.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

class CachingJwtDecoderTest {

    private static final String SECRET = JwtProperties.LOCAL_DEFAULT_SECRET;
    private static final Instant NOW = Instant.now(); // tokens carry the real time as iat

    private final LocalTokens tokens = new LocalTokens(SECRET);
    private Instant clockNow = NOW;
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger verifications = new AtomicInteger();

    private CachingJwtDecoder decoder(Duration ttl, int maxEntries) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return clockNow;
            }
        });
        NimbusReactiveJwtDecoder nimbus = NimbusReactiveJwtDecoder.withSecretKey(
                        new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        nimbus.setJwtValidator(timestamps);
        ReactiveJwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
        return new CachingJwtDecoder(counting, timestamps, ttl, maxEntries, nanos::get);
    }

    private String token(String org, Instant expiresAt) {
        return tokens.mint("user-" + org, org, List.of("PROVIDER"), expiresAt);
    }

    @Test
    void aVerifiedTokenIsNotVerifiedAgainWhileItIsValid() {
        CachingJwtDecoder decoder = decoder(Duration.ofMinutes(5), 100);
        String token = token("SFJ", NOW.plusSeconds(3600));

        Jwt first = decoder.decode(token).block();
        Jwt second = decoder.decode(token).block();

        assertThat(second).isSameAs(first);
        assertThat(second.getClaimAsString("org")).isEqualTo("SFJ");
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aCachedTokenIsRefusedTheMomentItExpiresWithTheDecodersOwnReason() {
        CachingJwtDecoder decoder = decoder(Duration.ofHours(5), 100);
        String token = token("SFJ", NOW.plusSeconds(60));
        decoder.decode(token).block();

        clockNow = NOW.plusSeconds(61);

        assertThatThrownBy(() -> decoder.decode(token).block())
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(decoder.size()).isZero();
    }

    @Test
    void aTokenIsVerifiedAgainAfterTheCacheTime() {
        CachingJwtDecoder decoder = decoder(Duration.ofMinutes(5), 100);
        String token = token("SFJ", NOW.plusSeconds(3600));
        decoder.decode(token).block();

        nanos.addAndGet(Duration.ofMinutes(5).toNanos());
        decoder.decode(token).block();

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aBadSignatureIsNeverRememberedAndAnAlteredSignatureIsADifferentKey() {
        CachingJwtDecoder decoder = decoder(Duration.ofMinutes(5), 100);
        String good = token("SFJ", NOW.plusSeconds(3600));
        decoder.decode(good).block();
        String forged = good.substring(0, good.lastIndexOf('.') + 1)
                + new LocalTokens("another-secret-0123456789abcdef0123456789")
                        .mint("user-SFJ", "SFJ", List.of("PROVIDER"), NOW.plusSeconds(3600))
                        .substring(good.lastIndexOf('.') + 1);

        for (int i = 0; i < 2; i++) {
            Mono<Jwt> decoded = decoder.decode(forged);
            assertThatThrownBy(decoded::block).isInstanceOf(BadJwtException.class);
        }
        assertThat(verifications).hasValue(3);
        assertThat(decoder.size()).isEqualTo(1);
    }

    @Test
    void theCacheIsEmptiedWhenFull() {
        CachingJwtDecoder decoder = decoder(Duration.ofMinutes(5), 2);
        decoder.decode(token("A", NOW.plusSeconds(3600))).block();
        decoder.decode(token("B", NOW.plusSeconds(3600))).block();
        assertThat(decoder.size()).isEqualTo(2);

        decoder.decode(token("C", NOW.plusSeconds(3600))).block();

        assertThat(decoder.size()).isEqualTo(1);
    }
}
