package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.Retention;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.support.facts.PackedFacts;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import cn.jiyuan.integrity.support.work.Threads;
import io.r2dbc.spi.Readable;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The memory every query is answered from, built by tailing {@code unit_records} in {@code seq} order (the order the
 * writers committed). Every instance tails the same table, so every instance sees every record, whichever instance's
 * consumer stored it. {@link #version()} is the last seq applied.
 *
 * <p>Every unit's registrations and objection steps are held (a few a unit). Its facts are held, packed, while all held
 * facts fit in {@code cachedFacts}, and read back from {@code unit_records} when they are not (a province's 25 million
 * take about a gigabyte packed). A unit's facts read back at a version are held only if none of its facts came after
 * that version, so what is held is always complete up to {@link #version()}.
 *
 * <p>A stored record that cannot be applied (the writer checks each before storing it, so only one stored by an older
 * version could) is skipped with an error and counted, never retried forever (review K2).
 */
public class ReadModel {

    private static final int CHUNK = 20_000;
    /** The kinds of stored record the rules read as facts: credit facts, debtor listings, corrections. */
    static final String FACT_KINDS = "('C', 'L', 'X')";

    private static final Logger LOG = LoggerFactory.getLogger(ReadModel.class);

    /**
     * A unit as held: its history without facts, the seq of its last stored fact and of its last stored record (or,
     * after a purge that changed it, the next seq: it changed after the version it was purged at).
     */
    private record Known(UnitHistory withoutFacts, long lastFactSeq, long lastSeq) {}

    /** A stored record as read. */
    private record Row(long seq, String unitId, String kind, byte[] payload) {

        static Row of(Readable row) {
            return new Row(
                    row.get("seq", Long.class),
                    row.get("unit_id", String.class),
                    row.get("kind", String.class),
                    Threads.bytes(row.get("payload", ByteBuffer.class)));
        }
    }

    /**
     * Units' histories at one version, without facts, and those of their facts then held: a consistent view while the
     * tail goes on. {@link #inChunks} adds the facts.
     */
    public record Snapshot(long version, List<UnitHistory> units, Map<String, PackedFacts> heldFacts) {}

    private final DatabaseClient db;
    private final StoredRecordsPurge storedPurge;
    private final StoredFacts factsStored;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final Object memory = new Object(); // guards units and facts
    private final Map<String, Known> units = new HashMap<>();
    private final HeldFacts facts;
    private volatile long version;
    private volatile boolean caughtUp;
    private volatile long skipped;
    /** The number of the last purge of the stored records this memory has applied; -1 before it holds anything. */
    private volatile long purgesSeen = -1;

    /** @param cachedFacts how many facts this memory holds at most (an empty unit counts as one) */
    public ReadModel(DatabaseClient db, long cachedFacts) {
        this.db = db;
        this.storedPurge = new StoredRecordsPurge(db);
        this.factsStored = new StoredFacts(db);
        this.facts = new HeldFacts(cachedFacts);
    }

    /** Applies every stored record after {@link #version()}; returns how many. Called by one thread at a time. */
    public synchronized int tail() {
        if (!caughtUp && version == 0) {
            return start();
        }
        int total = 0;
        while (true) {
            List<Row> rows = rows(
                    "SELECT seq, unit_id, kind, payload FROM unit_records WHERE seq > $1 ORDER BY seq LIMIT " + CHUNK,
                    version);
            synchronized (memory) {
                for (Row row : rows) {
                    apply(row);
                    version = row.seq();
                }
            }
            total += rows.size();
            if (rows.size() < CHUNK) {
                caughtUp = true;
                return total;
            }
        }
    }

    /**
     * The first tail: every unit's registrations and objection steps, and where its facts end, up to the last stored
     * record. No fact is read: they are read back when asked for, and held while they fit.
     */
    private int start() {
        purgesSeen = storedPurge.generation(); // read before the records: a purge after it is not seen yet
        long upTo = db.sql("SELECT coalesce(max(seq), 0) AS last FROM unit_records")
                .map((row, meta) -> row.get("last", Long.class))
                .one()
                .block(Duration.ofSeconds(60));
        Map<String, Long> lastFacts = new HashMap<>();
        db.sql("SELECT unit_id, max(seq) AS last FROM unit_records WHERE kind IN " + FACT_KINDS
                        + " AND seq <= $1 GROUP BY unit_id")
                .bind(0, upTo)
                .map((row, meta) -> Map.entry(row.get("unit_id", String.class), row.get("last", Long.class)))
                .all()
                .doOnNext(e -> lastFacts.put(e.getKey(), e.getValue()))
                .then()
                .block(Duration.ofMinutes(10));
        int total = 0;
        long from = 0;
        synchronized (memory) {
            lastFacts.forEach((unit, seq) -> units.put(unit, new Known(UnitHistory.empty(unit), seq, seq)));
        }
        while (true) {
            List<Row> rows = rows(
                    "SELECT seq, unit_id, kind, payload FROM unit_records WHERE kind NOT IN " + FACT_KINDS
                            + " AND seq > $1 AND seq <= " + upTo + " ORDER BY seq LIMIT " + CHUNK,
                    from);
            synchronized (memory) {
                rows.forEach(this::apply);
            }
            total += rows.size();
            if (rows.size() < CHUNK) {
                break;
            }
            from = rows.get(rows.size() - 1).seq();
        }
        version = upTo;
        caughtUp = true;
        return total;
    }

    private List<Row> rows(String sql, long after) {
        return db.sql(sql)
                .bind(0, after)
                .map((row, meta) -> Row.of(row))
                .all()
                .collectList()
                .block(Duration.ofSeconds(60));
    }

    /** One stored record into memory (holding {@link #memory}). */
    private void apply(Row row) {
        SpecificRecord value;
        try {
            value = avro.deserialize(null, row.payload());
        } catch (RuntimeException e) {
            skip(row, e);
            return;
        }
        String unitId = row.unitId();
        Known known = units.getOrDefault(unitId, new Known(UnitHistory.empty(unitId), 0, 0));
        Fact fact;
        try {
            fact = RulesFacts.of(value);
        } catch (RuntimeException e) {
            skip(row, e);
            return;
        }
        if (fact != null) {
            units.put(unitId, new Known(known.withoutFacts(), row.seq(), row.seq()));
            facts.add(unitId, fact);
            return;
        }
        units.put(
                unitId,
                new Known(
                        known.withoutFacts().withStoredStep(value),
                        known.lastFactSeq(),
                        Math.max(known.lastSeq(), row.seq()))); // the first tail reads these after the facts' ends
    }

    private void skip(Row row, RuntimeException e) {
        skipped++;
        LOG.error(
                "stored record seq {} of unit {} cannot be applied, skipped: {}",
                row.seq(),
                row.unitId(),
                e.toString());
    }

    /**
     * What a purge took away: how many records (its own), from which units, and the last evaluation date that can
     * differ for it (the rules' {@link Retention#lastDateChangedByPurging}: every later date stays as it was) — with
     * those of the purges other instances made that this memory had not seen.
     */
    public record Purge(long records, Set<String> units, LocalDate lastDateChanged) {}

    /**
     * Purges what is beyond retention on {@code date} (SCORING.md §2, the rules' {@link Retention}): the stored credit
     * facts that occurred on or before it, the corrections and objection steps about them (or recorded on or before
     * it), and the same from memory. Runs between two tails, so a record read before the purge cannot come back after
     * it. The stored evaluations of the dates it can change are marked in the statement that deletes
     * ({@link StoredRecordsPurge}). The units another instance's purge changed, found here with nothing left to
     * delete, count as changed as if this one had deleted their records.
     */
    public synchronized Purge purge(LocalDate date) {
        StoredRecordsPurge.Deleted deleted = storedPurge.delete(date, purgesSeen);
        Set<String> purgedFacts = deleted.facts();
        synchronized (memory) {
            units.replaceAll((id, known) -> new Known(
                    known.withoutFacts().withoutStepsPurged(purgedFacts, date), known.lastFactSeq(), known.lastSeq()));
            facts.retainOn(date);
            // The units the purge changed (or another instance's this memory had not seen) count as changed after
            // this version: a view of an earlier or this version folds them again (changedAfter), and facts read
            // back before the purge are not held.
            Set<String> changed = deleted.missedUnknown()
                    ? Set.copyOf(units.keySet())
                    : deleted.purge().units();
            for (String unitId : changed) {
                Known known = units.get(unitId);
                if (known != null) {
                    units.put(unitId, new Known(known.withoutFacts(), version + 1, version + 1));
                }
            }
            purgesSeen = deleted.generation();
            if (deleted.missedUnknown()) { // purges no longer kept: any unit, any date may have changed
                return new Purge(deleted.purge().records(), changed, LocalDate.MAX);
            }
        }
        return deleted.purge();
    }

    /**
     * The unit's registrations and objection steps, its facts left out ({@link UnitHistory#facts()} empty), or null
     * if nothing is known about it. Reads nothing: safe on an event-loop thread.
     */
    public UnitHistory withoutFacts(String unitId) {
        synchronized (memory) {
            Known known = units.get(unitId);
            return known == null ? null : known.withoutFacts();
        }
    }

    /**
     * Everything known about the unit at {@link #version()}, or null if nothing is. Its facts are read back from
     * PostgreSQL if they are not held, so this blocks: not on an event-loop thread.
     */
    public UnitHistory unit(String unitId) {
        Known known;
        PackedFacts held;
        long at;
        synchronized (memory) {
            known = units.get(unitId);
            held = facts.get(unitId);
            at = version;
        }
        if (known == null) {
            return null;
        }
        if (held != null) {
            return known.withoutFacts().withFacts(held.facts(unitId));
        }
        List<Fact> read = factsStored.read(List.of(unitId), at).getOrDefault(unitId, List.of());
        PackedFacts packed = PackedFacts.of(read);
        synchronized (memory) {
            hold(unitId, packed, at, true);
        }
        return known.withoutFacts().withFacts(read);
    }

    /** Every unit now. */
    public Snapshot snapshot() {
        synchronized (memory) {
            List<UnitHistory> histories = new ArrayList<>(units.size());
            units.values().forEach(known -> histories.add(known.withoutFacts()));
            return new Snapshot(version, List.copyOf(histories), facts.copy());
        }
    }

    /** The units with a record stored after seq {@code after}, now: what changed since a view at that version. */
    public Snapshot changedAfter(long after) {
        synchronized (memory) {
            List<UnitHistory> histories = new ArrayList<>();
            Map<String, PackedFacts> held = new HashMap<>();
            units.forEach((id, known) -> {
                if (known.lastSeq() > after) {
                    histories.add(known.withoutFacts());
                    PackedFacts f = facts.get(id);
                    if (f != null) {
                        held.put(id, f);
                    }
                }
            });
            return new Snapshot(version, List.copyOf(histories), held);
        }
    }

    /**
     * The units that changed since seq {@code after} in a way that can change the evaluation of {@code asOf}: those
     * with a record stored since and recorded on or before that date (the rules' property: a date ignores every record
     * recorded after it), and {@code also}. For a past date, most records stored since were recorded after it: a
     * refresh of that date folds none of their units.
     */
    public Snapshot changedFor(LocalDate asOf, long after, Set<String> also) {
        long at;
        Map<String, UnitHistory> candidates = new HashMap<>();
        Map<String, PackedFacts> held = new HashMap<>();
        synchronized (memory) {
            at = version;
            units.forEach((id, known) -> {
                if (known.lastSeq() > after || also.contains(id)) {
                    candidates.put(id, known.withoutFacts());
                    PackedFacts f = facts.get(id);
                    if (f != null) {
                        held.put(id, f);
                    }
                }
            });
        }
        Set<String> changed = new HashSet<>(also);
        if (candidates.size() > also.size() || !also.containsAll(candidates.keySet())) {
            db.sql("SELECT DISTINCT unit_id FROM unit_records WHERE seq > $1 AND seq <= $2 AND recorded_at < $3")
                    .bind(0, after)
                    .bind(1, at)
                    .bind(2, asOf.plusDays(1).atStartOfDay(ChinaTime.ZONE).toOffsetDateTime())
                    .map((row, meta) -> row.get("unit_id", String.class))
                    .all()
                    .doOnNext(changed::add)
                    .then()
                    .block(Duration.ofMinutes(2));
        }
        candidates.keySet().retainAll(changed);
        held.keySet().retainAll(changed);
        return new Snapshot(at, List.copyOf(candidates.values()), held);
    }

    /**
     * Hands {@code units} of the snapshot, with their facts at its version, to {@code each} a chunk at a time: those
     * held as they are, the others read back (and held while there is room, without pushing out what is held).
     */
    public void inChunks(Snapshot snapshot, List<UnitHistory> units, int size, Consumer<List<UnitHistory>> each) {
        inChunks(snapshot, units, size, PackedFacts::facts, each);
    }

    /**
     * As above, the held facts unpacked by {@code unpack}, which may leave out unread those a fold does not read (for
     * example {@link PackedFacts#factsScoredOn}); those read back are all given. The held facts are unpacked on every
     * core, as the folds after them run.
     */
    public void inChunks(
            Snapshot snapshot,
            List<UnitHistory> units,
            int size,
            BiFunction<PackedFacts, String, List<Fact>> unpack,
            Consumer<List<UnitHistory>> each) {
        for (int from = 0; from < units.size(); from += size) {
            List<UnitHistory> chunk = units.subList(from, Math.min(units.size(), from + size));
            List<String> missing = chunk.stream()
                    .map(UnitHistory::unitId)
                    .filter(id -> !snapshot.heldFacts().containsKey(id))
                    .toList();
            Map<String, List<Fact>> read = missing.isEmpty() ? Map.of() : factsStored.read(missing, snapshot.version());
            List<String> fitting; // only what there is room for is packed
            synchronized (memory) {
                fitting = facts.fitting(missing, read);
            }
            Map<String, PackedFacts> packed = fitting.parallelStream()
                    .collect(Collectors.toMap(id -> id, id -> PackedFacts.of(read.getOrDefault(id, List.of()))));
            synchronized (memory) {
                packed.forEach((id, p) -> hold(id, p, snapshot.version(), false));
            }
            each.accept(chunk.parallelStream()
                    .map(h -> {
                        PackedFacts f = snapshot.heldFacts().get(h.unitId());
                        if (f == null) {
                            return h.withFacts(read.getOrDefault(h.unitId(), List.of()));
                        }
                        return h.withFacts(unpack.apply(f, h.unitId()));
                    })
                    .toList());
        }
    }

    /**
     * Holds the unit's facts read back at {@code readAt} (holding {@link #memory}) if they are still complete (no fact
     * of the unit came after): while there is room, or with {@code pushOut} by letting go of others.
     */
    private void hold(String unitId, PackedFacts read, long readAt, boolean pushOut) {
        Known known = units.get(unitId);
        if (known != null && known.lastFactSeq() <= readAt && !facts.holds(unitId)) {
            facts.hold(unitId, read, pushOut);
        }
    }

    public long version() {
        return version;
    }

    /** The number of the last purge of the stored records this memory has applied, its own or another instance's. */
    public long purgesSeen() {
        return purgesSeen;
    }

    /** Facts held in memory now (at most the bound). */
    public long heldFacts() {
        synchronized (memory) {
            return facts.size();
        }
    }

    /** Stored records that could not be applied since start. */
    public long skipped() {
        return skipped;
    }

    /** Has read everything stored when it last looked (readiness). */
    public boolean isCaughtUp() {
        return caughtUp;
    }
}
