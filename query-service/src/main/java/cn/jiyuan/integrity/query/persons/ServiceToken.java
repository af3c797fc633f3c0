package cn.jiyuan.integrity.query.persons;

import cn.jiyuan.integrity.rules.rights.Role;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The query service's own token for the key store (role {@code PERSON_KEYS}), kept until a minute before it expires.
 * With the shared HS256 secret the service signs it itself; with an external issuer it asks the issuer's token
 * endpoint for one (OAuth 2.0 client credentials, RFC 6749 §4.4) as the client the issuer gave the role to.
 */
public final class ServiceToken {

    static final String SUBJECT = "query-service";

    private final Mono<Token> fetch;
    private final Clock clock;
    private volatile Token current;

    private record Token(String value, Instant expiresAt) {}

    private ServiceToken(Mono<Token> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
    }

    /** Signed with the shared secret the services verify tokens with. */
    public static ServiceToken signed(String secret, Clock clock) {
        LocalTokens tokens = new LocalTokens(secret);
        return new ServiceToken(
                Mono.fromSupplier(() -> {
                    Instant expires = clock.instant().plus(Duration.ofMinutes(10));
                    return new Token(tokens.mint(SUBJECT, SUBJECT, List.of(Role.PERSON_KEYS.name()), expires), expires);
                }),
                clock);
    }

    /** From the issuer's token endpoint with the client's credentials. */
    public static ServiceToken clientCredentials(
            WebClient web, String tokenUri, String clientId, String clientSecret, String scope, Clock clock) {
        var form = BodyInserters.fromFormData("grant_type", "client_credentials");
        if (scope != null && !scope.isBlank()) {
            form = form.with("scope", scope);
        }
        var body = form;
        Mono<Token> fetch = web.post()
                .uri(tokenUri)
                .headers(h -> h.setBasicAuth(clientId, clientSecret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(body)
                .retrieve()
                .bodyToMono(Map.class)
                .map(answer -> {
                    Object token = answer.get("access_token");
                    if (!(token instanceof String value)) {
                        throw new IllegalStateException("the token endpoint answered without an access_token");
                    }
                    long seconds = answer.get("expires_in") instanceof Number n ? n.longValue() : 300;
                    return new Token(value, clock.instant().plusSeconds(seconds));
                });
        return new ServiceToken(fetch, clock);
    }

    /** A token valid for at least another minute. */
    public Mono<String> get() {
        Token t = current;
        if (t != null && t.expiresAt().isAfter(clock.instant().plus(Duration.ofMinutes(1)))) {
            return Mono.just(t.value());
        }
        return fetch.doOnNext(fresh -> current = fresh).map(Token::value);
    }
}
