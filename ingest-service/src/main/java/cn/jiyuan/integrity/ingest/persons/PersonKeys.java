package cn.jiyuan.integrity.ingest.persons;

import cn.jiyuan.integrity.support.persons.MasterKey;
import cn.jiyuan.integrity.support.persons.PersonSeal;
import cn.jiyuan.integrity.support.work.Threads;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.publisher.Mono;

/**
 * The key store (V4__person_keys.sql): the data key of each fact that names persons, wrapped under the master key,
 * created before the fact is sent and deleted when it leaves retention. The only place the keys are kept.
 */
public class PersonKeys {

    private final DatabaseClient db;
    private final MasterKey master;
    private final Clock clock;

    public PersonKeys(DatabaseClient db, MasterKey master, Clock clock) {
        this.db = db;
        this.master = master;
        this.clock = clock;
    }

    /**
     * The data key of each fact, made for the facts that have none yet: a retry of a fact gets the key its first
     * attempt was sealed with.
     */
    public Mono<Map<UUID, byte[]>> keysFor(Map<UUID, LocalDate> occurredOnByFact) {
        if (occurredOnByFact.isEmpty()) {
            return Mono.just(Map.of());
        }
        String[] ids = new String[occurredOnByFact.size()];
        LocalDate[] dates = new LocalDate[ids.length];
        String[] wrapped = new String[ids.length];
        int i = 0;
        for (var e : occurredOnByFact.entrySet()) {
            ids[i] = e.getKey().toString();
            dates[i] = e.getValue();
            wrapped[i] = Base64.getEncoder().encodeToString(master.wrap(ids[i], PersonSeal.newKey()));
            i++;
        }
        return db.sql("""
                        INSERT INTO person_keys (event_id, occurred_on, wrapped_key, created_at)
                        SELECT e, d, decode(w, 'base64'), $4
                          FROM unnest($1::uuid[], $2::date[], $3::text[]) AS t(e, d, w)
                        ON CONFLICT (event_id) DO NOTHING""")
                .bind(0, ids)
                .bind(1, dates)
                .bind(2, wrapped)
                .bind(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .then()
                .then(keys(occurredOnByFact.keySet()));
    }

    /** The data keys still held for these facts; a fact beyond retention (or naming nobody) has none. */
    public Mono<Map<UUID, byte[]>> keys(Collection<UUID> eventIds) {
        if (eventIds.isEmpty()) {
            return Mono.just(Map.of());
        }
        return db.sql("SELECT event_id, wrapped_key FROM person_keys WHERE event_id = ANY($1::uuid[])")
                .bind(0, eventIds.stream().map(UUID::toString).toArray(String[]::new))
                .map((row, meta) -> Map.entry(
                        row.get("event_id", UUID.class), Threads.bytes(row.get("wrapped_key", ByteBuffer.class))))
                .all()
                .collect(
                        HashMap<UUID, byte[]>::new,
                        (m, e) -> m.put(e.getKey(), master.unwrap(e.getKey().toString(), e.getValue())))
                .map(Map::copyOf);
    }

    /** Destroys the keys of facts that occurred on or before {@code limit}; how many. */
    public Mono<Long> destroyThrough(LocalDate limit) {
        return db.sql("DELETE FROM person_keys WHERE occurred_on <= $1")
                .bind(0, limit)
                .fetch()
                .rowsUpdated();
    }
}
