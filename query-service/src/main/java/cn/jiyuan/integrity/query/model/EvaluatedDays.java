package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import cn.jiyuan.integrity.support.work.Threads;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Past dates' evaluations kept in PostgreSQL ({@code evaluated_days}): every unit registered on the date with its
 * score, the state of each fact left out. Grades are not stored: they are given again by the rules' grading when a
 * date is read back, from the scores.
 *
 * <p>A stored date stays right but for two things (the rules' properties: a date ignores every record recorded after
 * it, and a purge changes no date after {@link cn.jiyuan.integrity.rules.scoring.Retention#lastDateChangedByPurging}):
 * a record recorded on or before the date but stored after {@link Stored#version()}, which the reader finds among the
 * records stored since, and a purge, which adds the units it changed to {@link Stored#refold()} of every date it can
 * change ({@link StoredRecordsPurge}, in the statement that purges). Several instances share the table: each stores
 * what is right at its version, a store that only moves the version on is made only over the one it started from,
 * only the marks a writer read are taken away, and nothing is stored by a memory that has not seen every purge.
 */
public class EvaluatedDays {

    /** A stored date: the units' scores at {@code version}, and the units a purge changed since (to fold again). */
    public record Stored(LocalDate asOf, long version, Map<String, UnitScore> scores, Set<String> refold) {}

    private static final int FORMAT = 1;

    private final DatabaseClient db;

    public EvaluatedDays(DatabaseClient db) {
        this.db = db;
    }

    /** The stored date, or null if it is not stored. Blocks: not on an event-loop thread. */
    public Stored load(LocalDate asOf) {
        record Row(long version, byte[] scores, String[] refold) {}
        Row row = db.sql("SELECT version, scores, refold FROM evaluated_days WHERE as_of = $1")
                .bind(0, asOf)
                .map((r, meta) -> new Row(
                        r.get("version", Long.class),
                        Threads.bytes(r.get("scores", ByteBuffer.class)),
                        r.get("refold", String[].class)))
                .one()
                .block(Duration.ofMinutes(1));
        if (row == null) {
            return null;
        }
        return new Stored(asOf, row.version(), decode(asOf, row.scores()), Set.of(row.refold()));
    }

    /** Whether the date is stored. */
    public boolean isStored(LocalDate asOf) {
        return Boolean.TRUE.equals(db.sql("SELECT true AS stored FROM evaluated_days WHERE as_of = $1")
                .bind(0, asOf)
                .map((row, meta) -> row.get("stored", Boolean.class))
                .one()
                .block(Duration.ofMinutes(1)));
    }

    /**
     * Stores the date's scores at {@code version}, computed by a memory that had seen the purges up to number
     * {@code purgesSeen} ({@link StoredRecordsPurge}): the marks {@code refolded} (read with the date and folded since)
     * are taken away, any added meanwhile stay. Returns false, storing nothing, if a purge was made since: the scores
     * may count records it deleted, and the purge could not mark a date not yet stored, nor mark again a unit it had
     * marked before and this store refolded. An evaluation stored by another instance at a newer version may be
     * replaced: each is right at its version, and a reader folds what was recorded on the date and stored since.
     * (Versions are not always ordered across instances: one that starts after a purge took the last records away
     * reads a lower last seq.)
     */
    public boolean store(
            LocalDate asOf, long version, Collection<UnitScore> scores, Set<String> refolded, long purgesSeen) {
        // FOR SHARE waits for a purge under way and reads its number once it is made (StoredRecordsPurge)
        return db.sql("""
                        INSERT INTO evaluated_days AS d (as_of, version, stored_at, units, scores)
                        SELECT $1, $2, now(), $3, $4 FROM record_purge_count WHERE generation = $6 FOR SHARE
                        ON CONFLICT (as_of) DO UPDATE
                           SET version = excluded.version, stored_at = excluded.stored_at, units = excluded.units,
                               scores = excluded.scores,
                               refold = ARRAY(SELECT unnest(d.refold) EXCEPT SELECT unnest($5::text[]))""")
                        .bind(0, asOf)
                        .bind(1, version)
                        .bind(2, scores.size())
                        .bind(3, ByteBuffer.wrap(encode(scores)))
                        .bind(4, refolded.toArray(String[]::new))
                        .bind(5, purgesSeen)
                        .fetch()
                        .rowsUpdated()
                        .block(Duration.ofMinutes(1))
                > 0;
    }

    /**
     * The date stored at {@code from} is still right at {@code to} (nothing it depends on was stored in between): only
     * that is written — unless what is stored now is older than {@code from}, of which that is not known. Returns
     * false, writing nothing, if a purge was made since {@code purgesSeen} (as {@link #store} does).
     */
    public boolean advance(LocalDate asOf, long from, long to, Set<String> refolded, long purgesSeen) {
        return Boolean.TRUE.equals(db.sql("""
                        WITH purges AS (SELECT generation FROM record_purge_count FOR SHARE),
                        advanced AS (
                            UPDATE evaluated_days
                               SET version = $3,
                                   refold = ARRAY(SELECT unnest(refold) EXCEPT SELECT unnest($4::text[]))
                              FROM purges
                             WHERE as_of = $1 AND version BETWEEN $2 AND $3 AND purges.generation = $5)
                        SELECT generation = $5 AS seen FROM purges""")
                .bind(0, asOf)
                .bind(1, from)
                .bind(2, to)
                .bind(3, refolded.toArray(String[]::new))
                .bind(4, purgesSeen)
                .map((row, meta) -> row.get("seen", Boolean.class))
                .one()
                .block(Duration.ofMinutes(1)));
    }

    /**
     * The scores as bytes: the distinct indicator scores once (most units share most of them), then each unit's
     * identity, catalog version, score, raw score, listing and the indexes of its indicator scores; deflated.
     */
    static byte[] encode(Collection<UnitScore> scores) {
        Map<IndicatorScore, Integer> dictionary = new LinkedHashMap<>();
        for (UnitScore s : scores) {
            for (IndicatorScore i : s.indicators()) {
                dictionary.putIfAbsent(i, dictionary.size());
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + scores.size() * 32);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED); // a stream given its deflater does not end it
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeInt(dictionary.size());
            for (IndicatorScore i : dictionary.keySet()) {
                out.writeUTF(i.code());
                out.writeUTF(i.score().toPlainString());
                out.writeUTF(i.max().toPlainString());
            }
            out.writeInt(scores.size());
            for (UnitScore s : scores) {
                out.writeUTF(s.unitId());
                out.writeUTF(s.catalogVersion());
                out.writeUTF(s.score().toPlainString());
                out.writeUTF(s.rawScore().toPlainString());
                out.writeBoolean(s.debtorListed());
                out.writeShort(s.indicators().size());
                for (IndicatorScore i : s.indicators()) {
                    writeVarInt(out, dictionary.get(i));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    static Map<String, UnitScore> decode(LocalDate asOf, byte[] encoded) {
        try (DataInputStream in = new DataInputStream(
                new BufferedInputStream(new InflaterInputStream(new ByteArrayInputStream(encoded)), 1 << 16))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalStateException("evaluated day " + asOf + " is stored in format " + format);
            }
            IndicatorScore[] dictionary = new IndicatorScore[in.readInt()];
            for (int i = 0; i < dictionary.length; i++) {
                dictionary[i] =
                        new IndicatorScore(in.readUTF(), new BigDecimal(in.readUTF()), new BigDecimal(in.readUTF()));
            }
            int units = in.readInt();
            Map<String, UnitScore> scores = new HashMap<>(units * 2);
            Map<String, String> catalogVersions = new HashMap<>();
            for (int u = 0; u < units; u++) {
                String unitId = in.readUTF();
                String catalogVersion = catalogVersions.computeIfAbsent(in.readUTF(), v -> v);
                BigDecimal score = new BigDecimal(in.readUTF());
                BigDecimal rawScore = new BigDecimal(in.readUTF());
                boolean listed = in.readBoolean();
                int n = in.readShort();
                List<IndicatorScore> indicators = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    indicators.add(dictionary[readVarInt(in)]);
                }
                scores.put(
                        unitId,
                        new UnitScore(unitId, asOf, catalogVersion, score, rawScore, listed, indicators, List.of()));
            }
            return scores;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeVarInt(DataOutputStream out, int value) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }
}
