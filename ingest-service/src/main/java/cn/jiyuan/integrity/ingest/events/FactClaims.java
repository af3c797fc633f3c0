package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.support.GroupCommit;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The claims table (V1__fact_claims.sql), a whole batch per statement. */
@Repository
public class FactClaims {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One claim as a json_to_recordset row. */
    private record Row(
            String e, String h, String u, String o, String s, String c, String r, boolean l, String d, String od) {}

    private final DatabaseClient db;

    /** Claims of concurrent requests go into one statement (group commit). */
    private final GroupCommit<Claim, Boolean> group = new GroupCommit<>(this::insert, GROUP_MAX_CLAIMS);

    /** A group stops taking more requests' claims at this many (a batch request's claims are never split). */
    private static final int GROUP_MAX_CLAIMS = 2000;

    FactClaims(DatabaseClient db) {
        this.db = db;
    }

    Flux<Claim> find(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("""
                        SELECT event_id, content_hash, unit_id, provider_org, submitted_by, catalog_version,
                               recorded_at, late, deadline, occurred_on
                          FROM fact_claims WHERE event_id = ANY($1::uuid[])""")
                .bind(0, ids(eventIds))
                .map((row, meta) -> new Claim(
                        row.get("event_id", UUID.class),
                        row.get("content_hash", String.class),
                        row.get("unit_id", String.class),
                        row.get("provider_org", String.class),
                        row.get("submitted_by", String.class),
                        row.get("catalog_version", String.class),
                        row.get("recorded_at", OffsetDateTime.class).toInstant(),
                        Boolean.TRUE.equals(row.get("late", Boolean.class)),
                        row.get("deadline", LocalDate.class),
                        row.get("occurred_on", LocalDate.class)))
                .all();
    }

    /**
     * Inserts the claims that nobody holds yet; emits the eventIds this call claimed. Concurrent calls share one
     * statement; within it, an eventId that two calls claim at once is won by the first.
     */
    Flux<UUID> claim(List<Claim> claims) {
        return group.submit(claims).flatMapIterable(won -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < claims.size(); i++) {
                if (won.get(i)) {
                    ids.add(claims.get(i).eventId());
                }
            }
            return ids;
        });
    }

    /**
     * One statement for a group: whether each claim was inserted. The rows travel as one JSON parameter that
     * PostgreSQL unpacks (json_to_recordset): one value to encode instead of ten per row.
     */
    private Mono<List<Boolean>> insert(List<Claim> claims) {
        Set<UUID> seen = new HashSet<>();
        List<Claim> firsts = new ArrayList<>();
        for (Claim c : claims) {
            if (seen.add(c.eventId())) {
                firsts.add(c);
            }
        }
        String rows = JSON.writeValueAsString(firsts.stream()
                .map(c -> new Row(
                        c.eventId().toString(),
                        c.contentHash(),
                        c.unitId(),
                        c.providerOrg(),
                        c.submittedBy(),
                        c.catalogVersion(),
                        c.recordedAt().toString(),
                        c.late(),
                        c.deadline().toString(),
                        c.occurredOn().toString()))
                .toList());
        return db.sql("""
                        INSERT INTO fact_claims (event_id, content_hash, unit_id, provider_org, submitted_by,
                                                 catalog_version, recorded_at, late, deadline, occurred_on)
                        SELECT e, h, u, o, s, c, r, l, d, od
                          FROM json_to_recordset($1::json)
                               AS t(e uuid, h text, u text, o text, s text, c text, r timestamptz, l boolean, d date,
                                    od date)
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING event_id""")
                .bind(0, rows)
                .map((row, meta) -> row.get("event_id", UUID.class))
                .all()
                .collect(Collectors.toSet())
                .map(inserted -> {
                    Set<UUID> first = new HashSet<>();
                    List<Boolean> won = new ArrayList<>(claims.size());
                    for (Claim c : claims) {
                        won.add(inserted.contains(c.eventId()) && first.add(c.eventId()));
                    }
                    return won;
                });
    }

    /** Forgets the claims of facts that occurred on or before {@code limit} (retention); how many. */
    public Mono<Long> forgetThrough(LocalDate limit) {
        return db.sql("DELETE FROM fact_claims WHERE occurred_on <= $1")
                .bind(0, limit)
                .fetch()
                .rowsUpdated();
    }

    private static String[] ids(Collection<UUID> eventIds) {
        return eventIds.stream().map(UUID::toString).toArray(String[]::new);
    }
}
