package cn.jiyuan.integrity.query.model;

import cn.jiyuan.integrity.rules.scoring.UnitScore;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Past dates as {@link Evaluations} keeps them in {@link EvaluatedDays}: a stored date read back and graded again as
 * the base of a refresh, and a date's evaluation stored after it was computed or refreshed.
 */
final class PastDates {

    /** A stored date as a base to refresh, and the units to fold again besides those with a record since. */
    record ReadBack(Evaluations.Day day, Set<String> refold) {}

    private static final Logger LOG = LoggerFactory.getLogger(PastDates.class);

    private final EvaluatedDays stored;
    private final ReadModel model;

    PastDates(EvaluatedDays stored, ReadModel model) {
        this.stored = stored;
        this.model = model;
    }

    boolean isStored(LocalDate asOf) {
        return stored.isStored(asOf);
    }

    /**
     * The stored date graded again, or null if it is not stored. A unit registered on the date that the stored one
     * lacks is folded again too (it cannot be missing but for a record stored since, which folds it anyway).
     */
    ReadBack readBack(LocalDate asOf) {
        EvaluatedDays.Stored read = stored.load(asOf);
        if (read == null) {
            return null;
        }
        Set<String> refold = new HashSet<>(read.refold());
        Map<String, Evaluations.Evaluated> units = new HashMap<>(read.scores().size() * 2);
        for (UnitHistory h : model.snapshot().units()) {
            UnitHistory.Registration registration = h.registrationOn(asOf);
            if (registration == null) {
                continue;
            }
            UnitScore score = read.scores().get(h.unitId());
            if (score == null) {
                refold.add(h.unitId());
            } else {
                units.put(h.unitId(), new Evaluations.Evaluated(score, registration));
            }
        }
        return new ReadBack(DayFolds.graded(asOf, read.version(), units), refold);
    }

    /**
     * Stores a past date's evaluation, computed by a memory that had seen the purges up to number {@code purgesSeen}:
     * whole, or if it is the stored one at version {@code unchangedFrom} (nothing folded since; -1 if not), only the
     * version it is right at now. Not if a purge was made since (by any instance): the day may count what it deleted.
     * A failure is logged. Either way the day stays unstored in memory and is stored at its next refresh.
     */
    boolean store(Evaluations.Day day, long unchangedFrom, Set<String> refolded, long purgesSeen) {
        try {
            boolean stored = unchangedFrom < 0
                    ? this.stored.store(
                            day.asOf(),
                            day.version(),
                            day.units().values().stream()
                                    .map(Evaluations.Evaluated::score)
                                    .toList(),
                            refolded,
                            purgesSeen)
                    : this.stored.advance(day.asOf(), unchangedFrom, day.version(), refolded, purgesSeen);
            if (!stored) {
                LOG.info("the evaluation of {} is not stored: records were purged since it was computed", day.asOf());
            }
            return stored;
        } catch (RuntimeException e) {
            LOG.warn("storing the evaluation of {} failed, stored at its next refresh: {}", day.asOf(), e.toString());
            return false;
        }
    }
}
