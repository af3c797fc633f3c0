package cn.jiyuan.integrity.ingest.persons;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.security.Callers;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/person-keys} {@code {"eventIds": [...]}} → {@code {"keys": {eventId: base64}}}: the data keys of
 * facts' personal data, for the services that show names (role {@code PERSON_KEYS}, the rules' {@code
 * readPersonKeys}). A fact beyond retention, or one naming nobody, has no key and is left out. Every release is logged
 * with the caller and the count.
 */
@RestController
class PersonKeysController {

    static final int MAX_IDS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(PersonKeysController.class);

    private final PersonKeys keys;
    private final Catalogs catalogs;
    private final Clock clock;

    PersonKeysController(PersonKeys keys, Catalogs catalogs, Clock clock) {
        this.keys = keys;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    record KeysView(Map<String, String> keys) {}

    @PostMapping("/api/v1/person-keys")
    Mono<KeysView> keys(@AuthenticationPrincipal Jwt jwt, @RequestBody(required = false) JsonNode body) {
        Caller caller = Callers.of(jwt);
        Decision d = new Rights(catalogs.inForce(ChinaTime.dateOf(clock.instant()))).readPersonKeys(caller);
        if (d.denied()) {
            throw Refusal.forbidden(d.reason());
        }
        Set<UUID> ids = eventIds(body);
        return keys.keys(ids).map(found -> {
            Map<String, String> out = new LinkedHashMap<>();
            for (UUID id : ids) {
                byte[] key = found.get(id);
                if (key != null) {
                    out.put(id.toString(), Base64.getEncoder().encodeToString(key));
                }
            }
            LOG.info(
                    "released {} of {} person keys to {} ({})", out.size(), ids.size(), caller.subject(), caller.org());
            return new KeysView(out);
        });
    }

    private static Set<UUID> eventIds(JsonNode body) {
        JsonNode list = body == null ? null : body.get("eventIds");
        if (list == null || !list.isArray()) {
            throw Refusal.invalid("eventIds", "must be an array of eventIds");
        }
        if (list.size() > MAX_IDS) {
            throw Refusal.invalid("eventIds", "must hold at most " + MAX_IDS + " eventIds");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (JsonNode id : list) {
            try {
                ids.add(UUID.fromString(id.isString() ? id.asString() : ""));
            } catch (IllegalArgumentException e) {
                throw Refusal.invalid("eventIds", "must hold UUIDs only");
            }
        }
        return ids;
    }
}
