package cn.jiyuan.integrity.query.persons;

import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Asks the ingest's key store ({@code POST /api/v1/person-keys}) for the data keys of facts, at most 1,000 at a time.
 * Keys are used for one answer and not kept. A call cut before its answer (the connection failed or was closed under
 * it) is asked once more, on a fresh connection: asking for keys changes nothing. When the key store still does not
 * answer, the read answers 503 with {@code Retry-After}: names are never guessed and never shown from anywhere else.
 */
public class PersonKeyClient {

    private static final Logger LOG = LoggerFactory.getLogger(PersonKeyClient.class);

    static final int MAX_PER_CALL = 1000;

    private final WebClient web;
    private final ServiceToken token;
    private final Duration timeout;
    private final Duration retryAfter;

    public PersonKeyClient(WebClient web, ServiceToken token, Duration timeout, Duration retryAfter) {
        this.web = web;
        this.token = token;
        this.timeout = timeout;
        this.retryAfter = retryAfter;
    }

    private record KeysAnswer(Map<String, String> keys) {}

    /** The keys still held for these facts (a fact beyond retention has none). */
    public Mono<Map<String, byte[]>> keys(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        List<List<String>> calls = new ArrayList<>();
        List<String> all = List.copyOf(eventIds);
        for (int i = 0; i < all.size(); i += MAX_PER_CALL) {
            calls.add(all.subList(i, Math.min(all.size(), i + MAX_PER_CALL)));
        }
        return Flux.fromIterable(calls)
                .concatMap(ids -> token.get()
                        .flatMap(t -> web.post()
                                .uri("/api/v1/person-keys")
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + t)
                                .bodyValue(Map.of("eventIds", ids))
                                .retrieve()
                                .bodyToMono(KeysAnswer.class))
                        .retryWhen(Retry.max(1)
                                .filter(WebClientRequestException.class::isInstance)
                                .onRetryExhaustedThrow((spec, signal) -> signal.failure())))
                .collect(HashMap<String, byte[]>::new, (m, answer) -> {
                    if (answer.keys() != null) {
                        answer.keys()
                                .forEach((id, key) ->
                                        m.put(id, Base64.getDecoder().decode(key)));
                    }
                })
                .map(Map::<String, byte[]>copyOf)
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof Refusal), e -> {
                    LOG.warn("the key store did not answer", e);
                    return Refusal.unavailable(
                            "the names in these facts cannot be opened now: the key store does not answer", retryAfter);
                });
    }
}
