package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.QueryProperties;
import cn.jiyuan.integrity.query.stream.GradeChangeFeed;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.GradeChange;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.web.FairShare;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;

/**
 * {@code GET /api/v1/grade-changes}: server-sent events of every grade change as it is published, with heartbeats;
 * a reconnect with {@code Last-Event-ID} first receives what it missed.
 *
 * <p>The answer starts at once (a first heartbeat carries the headers); the stream ends when the subscriber's token
 * expires, so it reconnects with a fresh token and is audited again; a subscriber that does not keep up is dropped
 * once {@code stream-buffer} events wait for it; one caller holds at most {@code streams-per-caller} streams and the
 * instance {@code streams} (429 beyond).
 */
@RestController
class GradeChangesController {

    private final GradeChangeFeed feed;
    private final Access access;
    private final Duration heartbeat;
    private final int buffer;
    private final FairShare streams;

    GradeChangesController(GradeChangeFeed feed, Access access, QueryProperties properties) {
        this.feed = feed;
        this.access = access;
        this.heartbeat = properties.heartbeat();
        this.buffer = properties.fairShare().streamBuffer();
        this.streams = new FairShare(
                "open grade-change streams",
                properties.fairShare().streamsPerCaller(),
                properties.fairShare().streams(),
                STREAM_RETRY);
    }

    private static final Duration STREAM_RETRY = Duration.ofSeconds(5);

    /** API.md grade-changes fields; no personal data. */
    record GradeChangeView(
            String changeId,
            String unitId,
            String from,
            String to,
            BigDecimal score,
            int rank,
            Instant changedAt,
            LocalDate asOf) {}

    @GetMapping(path = "/api/v1/grade-changes", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<GradeChangeView>> stream(
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().readAllUnits(caller));
        Flux<GradeChangeFeed.Event> events;
        try {
            events = feed.after(lastEventId);
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("Last-Event-ID", e.getMessage());
        }
        Flux<ServerSentEvent<GradeChangeView>> changes = events.onBackpressureBuffer(buffer)
                .map(e -> ServerSentEvent.builder(view(e))
                        .id(e.id())
                        .event("grade-change")
                        .build());
        Flux<ServerSentEvent<GradeChangeView>> heartbeats = Flux.interval(Duration.ZERO, heartbeat)
                .onBackpressureDrop()
                .map(i -> ServerSentEvent.<GradeChangeView>builder()
                        .comment("heartbeat")
                        .build());
        // The token's exp is checked when the stream opens (on the real clock); the stream ends with it (review A3).
        Duration untilExpiry = Duration.between(Instant.now(), jwt.getExpiresAt());
        Duration open = untilExpiry.isNegative() ? Duration.ZERO : untilExpiry;
        return streams.run(Access.key(caller), Flux.merge(changes, heartbeats).take(open));
    }

    private static GradeChangeView view(GradeChangeFeed.Event e) {
        GradeChange g = e.change();
        return new GradeChangeView(
                g.getChangeId() != null ? g.getChangeId() : positionalChangeId(e),
                g.getUnitId(),
                g.getFrom() == null ? null : g.getFrom().name(),
                g.getTo() == null ? null : g.getTo().name(),
                g.getScore(),
                g.getRank(),
                g.getChangedAt(),
                g.getAsOf());
    }

    /**
     * A record written before {@code changeId} existed (schema v1) is identified by where it lies in the topic: the
     * same id on every delivery and every instance.
     */
    private static String positionalChangeId(GradeChangeFeed.Event e) {
        String position = IntegrityTopics.GRADE_CHANGES.name() + "/" + e.partition() + "/" + e.offset();
        return UUID.nameUUIDFromBytes(position.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
