package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.security.Callers;
import cn.jiyuan.integrity.support.web.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/events} and {@code POST /api/v1/events/batch} (API.md). */
@RestController
@RequestMapping("/api/v1/events")
class EventsController {

    /** API.md: a batch holds up to 1,000 facts. */
    static final int MAX_BATCH = 1000;

    private final FactIngest ingest;

    EventsController(FactIngest ingest) {
        this.ingest = ingest;
    }

    record Accepted(
            String eventId, Instant recordedAt, boolean late, LocalDate deadline, boolean deadlineProvisional) {}

    record BatchResults(List<FactResult> results) {}

    @PostMapping
    Mono<ResponseEntity<Accepted>> one(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        return ingest.ingest(List.of(body), Callers.of(jwt)).map(results -> {
            FactResult r = results.get(0);
            if (!r.isAccepted()) {
                throw refusal(r);
            }
            return ResponseEntity.status(r.status())
                    .body(new Accepted(r.eventId(), r.recordedAt(), r.late(), r.deadline(), r.deadlineProvisional()));
        });
    }

    @PostMapping("/batch")
    Mono<BatchResults> batch(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) {
        List<Violation> violations = new ArrayList<>();
        JsonNode events = Json.read(body, violations, "events").array("events", MAX_BATCH);
        if (events == null && violations.isEmpty()) {
            violations.add(new Violation("events", "is required"));
        } else if (events != null && events.isEmpty()) {
            violations.add(new Violation("events", "must hold at least one fact"));
        }
        if (!violations.isEmpty()) {
            return Mono.error(Refusal.invalid(violations));
        }
        List<JsonNode> list = new ArrayList<>(events.size());
        events.forEach(list::add);
        return ingest.ingest(list, Callers.of(jwt)).map(BatchResults::new);
    }

    private static Refusal refusal(FactResult r) {
        return switch (HttpStatus.valueOf(r.status())) {
            case BAD_REQUEST -> Refusal.invalid(r.errors() == null ? List.of() : r.errors());
            case FORBIDDEN -> Refusal.forbidden(r.detail());
            case NOT_FOUND -> Refusal.notFound(r.detail());
            case CONFLICT -> Refusal.conflict(r.detail());
            default -> throw new IllegalStateException("unexpected fact status " + r.status());
        };
    }
}
