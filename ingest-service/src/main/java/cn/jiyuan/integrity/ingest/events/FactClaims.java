package cn.jiyuan.integrity.ingest.events;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The claims table (V1__fact_claims.sql), a whole batch per statement. */
@Repository
class FactClaims {

    private final DatabaseClient db;

    FactClaims(DatabaseClient db) {
        this.db = db;
    }

    Flux<Claim> find(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Flux.empty();
        }
        return db.sql("""
                        SELECT event_id, content_hash, unit_id, provider_org, submitted_by, catalog_version,
                               recorded_at, late, deadline, published
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
                        Boolean.TRUE.equals(row.get("published", Boolean.class))))
                .all();
    }

    /** Inserts the claims that nobody holds yet; emits the eventIds this call claimed. */
    Flux<UUID> claim(List<Claim> claims) {
        if (claims.isEmpty()) {
            return Flux.empty();
        }
        int n = claims.size();
        String[] ids = new String[n];
        String[] hashes = new String[n];
        String[] units = new String[n];
        String[] orgs = new String[n];
        String[] subjects = new String[n];
        String[] catalogs = new String[n];
        String[] recorded = new String[n];
        String[] late = new String[n];
        String[] deadlines = new String[n];
        for (int i = 0; i < n; i++) {
            Claim c = claims.get(i);
            ids[i] = c.eventId().toString();
            hashes[i] = c.contentHash();
            units[i] = c.unitId();
            orgs[i] = c.providerOrg();
            subjects[i] = c.submittedBy();
            catalogs[i] = c.catalogVersion();
            recorded[i] =
                    OffsetDateTime.ofInstant(c.recordedAt(), ZoneOffset.UTC).toString();
            late[i] = String.valueOf(c.late());
            deadlines[i] = c.deadline().toString();
        }
        return db.sql("""
                        INSERT INTO fact_claims (event_id, content_hash, unit_id, provider_org, submitted_by,
                                                 catalog_version, recorded_at, late, deadline)
                        SELECT e::uuid, h, u, o, s, c, r::timestamptz, l::boolean, d::date
                          FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                                      $7::text[], $8::text[], $9::text[]) AS t(e, h, u, o, s, c, r, l, d)
                        ON CONFLICT (event_id) DO NOTHING
                        RETURNING event_id""")
                .bind(0, ids)
                .bind(1, hashes)
                .bind(2, units)
                .bind(3, orgs)
                .bind(4, subjects)
                .bind(5, catalogs)
                .bind(6, recorded)
                .bind(7, late)
                .bind(8, deadlines)
                .map((row, meta) -> row.get("event_id", UUID.class))
                .all();
    }

    Mono<Void> markPublished(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("UPDATE fact_claims SET published = true WHERE event_id = ANY($1::uuid[]) AND NOT published")
                .bind(0, ids(eventIds))
                .then();
    }

    private static String[] ids(Collection<UUID> eventIds) {
        return eventIds.stream().map(UUID::toString).toArray(String[]::new);
    }
}
