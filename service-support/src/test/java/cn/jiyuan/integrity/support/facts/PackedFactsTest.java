package cn.jiyuan.integrity.support.facts;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PackedFactsTest {

    private static final String UNIT = "U-1";

    @Test
    void everyKindOfFactComesBackEqualWithEveryFieldAndTheStatusesGiven() {
        CreditFact counted = new CreditFact(
                "7c1e2f4a-0b3d-4e5f-8a9b-0c1d2e3f4a5b",
                UNIT,
                "6.4",
                "PENALISED",
                new BigDecimal("2.50"),
                "2026-Q3",
                LocalDate.parse("2026-09-30"),
                Instant.parse("2026-10-01T02:03:04.123456789Z"),
                "DGWBGS");
        CreditFact bare = new CreditFact(
                "EVENT-not-a-uuid",
                UNIT,
                "1.1",
                "LATE",
                null,
                null,
                LocalDate.parse("1969-12-31"),
                Instant.EPOCH,
                null);
        DebtorListing listing = new DebtorListing(
                "a0000000-0000-4000-8000-000000000001",
                "(2026)豫9001执123号",
                UNIT,
                DebtorStatus.SHIELDED,
                Instant.parse("2026-11-01T00:00:00Z"),
                "FY");
        Correction amend = new Correction(
                "X-1",
                counted.eventId(),
                UNIT,
                CorrectionKind.AMEND,
                new Amendment("PENALISED", new BigDecimal("-0.5"), LocalDate.parse("2026-08-01"), null),
                Instant.parse("2026-11-02T08:00:00.5Z"));
        Correction delete = new Correction(
                "X-2", bare.eventId(), UNIT, CorrectionKind.DELETE, null, Instant.parse("2026-11-03T08:00:00Z"));
        List<Fact> facts = List.of(counted, bare, listing, amend, delete);

        PackedFacts packed = PackedFacts.of(facts, Map.of(counted.eventId(), FactStatus.AMENDED));

        assertThat(packed.count()).isEqualTo(5);
        assertThat(packed.facts(UNIT)).containsExactlyElementsOf(facts);
        Map<String, FactStatus> statuses = new HashMap<>();
        packed.forEach(UNIT, (fact, status) -> statuses.put(fact.id(), status));
        assertThat(statuses)
                .containsEntry(counted.eventId(), FactStatus.AMENDED)
                .containsEntry(bare.eventId(), null)
                .containsEntry(listing.listingId(), null);
    }

    @Test
    void aFactAppendedComesAfterThePackedOnesWhichKeepTheirStatuses() {
        CreditFact first = new CreditFact(
                "E-1", UNIT, "6.4", "PENALISED", BigDecimal.ONE, null, LocalDate.EPOCH, Instant.EPOCH, "DGWBGS");
        Correction deletion = new Correction("X-1", "E-1", UNIT, CorrectionKind.DELETE, null, Instant.EPOCH);
        PackedFacts one = PackedFacts.of(List.of(first), Map.of("E-1", FactStatus.COUNTED));

        PackedFacts two = one.with(deletion);

        assertThat(one.facts(UNIT)).containsExactly(first);
        assertThat(two.count()).isEqualTo(2);
        assertThat(two.facts(UNIT)).containsExactly(first, deletion);
        List<FactStatus> statuses = new ArrayList<>();
        two.forEach(UNIT, (fact, status) -> statuses.add(status));
        assertThat(statuses).containsExactly(FactStatus.COUNTED, null);
        assertThat(PackedFacts.of(List.of()).with(first).facts(UNIT)).containsExactly(first);
    }

    @Test
    void aPackKnowsTheEarliestDateItsFactsAgeFromWhetherPackedOrAppended() {
        CreditFact late = new CreditFact(
                "E-1",
                UNIT,
                "6.4",
                "PENALISED",
                BigDecimal.ONE,
                null,
                LocalDate.parse("2026-09-30"),
                Instant.parse("2026-10-01T02:00:00Z"),
                "DGWBGS");
        CreditFact early = new CreditFact(
                "E-2",
                UNIT,
                "6.4",
                "PENALISED",
                BigDecimal.ONE,
                null,
                LocalDate.parse("2024-01-15"),
                Instant.parse("2026-10-01T02:00:00Z"),
                "DGWBGS");
        // recorded at 00:10 in China on 2023-06-01: earlier than either occurrence
        Correction earlier =
                new Correction("X-1", "E-0", UNIT, CorrectionKind.DELETE, null, Instant.parse("2023-05-31T16:10:00Z"));
        DebtorListing listing =
                new DebtorListing("L-1", "C-1", UNIT, DebtorStatus.LISTED, Instant.parse("2001-01-01T00:00:00Z"), "FY");

        assertThat(PackedFacts.of(List.of()).earliestAgeDate()).isNull();
        assertThat(PackedFacts.of(List.of(listing)).earliestAgeDate()).isNull(); // a listing does not age
        assertThat(PackedFacts.of(List.of(late, early, listing)).earliestAgeDate())
                .isEqualTo(LocalDate.parse("2024-01-15"));
        assertThat(PackedFacts.of(List.of(late)).with(early).earliestAgeDate())
                .isEqualTo(LocalDate.parse("2024-01-15"));
        assertThat(PackedFacts.of(List.of(early)).with(late).earliestAgeDate())
                .isEqualTo(LocalDate.parse("2024-01-15"));
        assertThat(PackedFacts.of(List.of(late, early)).with(earlier).earliestAgeDate())
                .isEqualTo(LocalDate.parse("2023-06-01"));
        assertThat(PackedFacts.of(List.of(listing)).with(late).earliestAgeDate())
                .isEqualTo(LocalDate.parse("2026-09-30"));
    }

    @Test
    void aDecimalKeepsItsScaleAndAnyMagnitude() {
        for (String points : List.of("2", "2.00", "-0.01", "0E+3", "123456789012345678901234567890.123")) {
            CreditFact fact = new CreditFact(
                    "E", UNIT, "6.4", "PENALISED", new BigDecimal(points), null, LocalDate.EPOCH, Instant.EPOCH, null);
            CreditFact back =
                    (CreditFact) PackedFacts.of(List.of(fact)).facts(UNIT).get(0);
            assertThat(back.points().toString()).as(points).isEqualTo(points);
        }
    }

    @Test
    void aCanonicalUuidIsReadAsItsOwnValueAndOneCharacterOutOfPlaceIsNotOne() {
        Random random = new Random(17);
        String notInPlace = "-gG/:@`{ AF"; // a hyphen is out of place but where the hyphens go
        for (int i = 0; i < 2_000; i++) {
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            String text = uuid.toString();
            assertThat(PackedBytes.canonicalUuid(text)).isEqualTo(uuid);
            int at = random.nextInt(36);
            char ch = notInPlace.charAt(random.nextInt(notInPlace.length()));
            boolean hyphenPlace = at == 8 || at == 13 || at == 18 || at == 23;
            if (ch == '-' && hyphenPlace) {
                ch = 'a';
            }
            String changed = text.substring(0, at) + ch + text.substring(at + 1);
            assertThat(PackedBytes.canonicalUuid(changed)).as(changed).isNull();
        }
    }

    @Test
    void onlyACanonicalUuidIsPackedAsOne() {
        assertThat(PackedBytes.canonicalUuid("7c1e2f4a-0b3d-4e5f-8a9b-0c1d2e3f4a5b"))
                .isNotNull();
        assertThat(PackedBytes.canonicalUuid("7C1E2F4A-0B3D-4E5F-8A9B-0C1D2E3F4A5B"))
                .isNull();
        assertThat(PackedBytes.canonicalUuid("7c1e2f4a0b3d-4e5f-8a9b-0c1d2e3f4a5b-"))
                .isNull();
        CreditFact upper = new CreditFact(
                "7C1E2F4A-0B3D-4E5F-8A9B-0C1D2E3F4A5B",
                UNIT,
                "6.4",
                "PENALISED",
                null,
                null,
                LocalDate.EPOCH,
                Instant.EPOCH,
                null);
        assertThat(PackedFacts.of(List.of(upper)).facts(UNIT)).containsExactly(upper);
    }

    @Test
    void aCreditFactWithAUuidTakesUnderFiftyBytes() {
        List<Fact> facts = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 250; i++) {
            facts.add(new CreditFact(
                    new UUID(random.nextLong(), random.nextLong()).toString(),
                    UNIT,
                    "6.4",
                    "PENALISED",
                    new BigDecimal("2"),
                    null,
                    LocalDate.parse("2026-01-01").plusDays(i),
                    Instant.parse("2026-11-01T00:00:00Z").plusMillis(random.nextInt(1_000_000_000)),
                    "DGWBGS"));
        }
        assertThat(PackedFacts.of(facts).bytes()).isLessThan(250 * 50);
    }

    @Test
    void randomHistoriesComeBackEqual() {
        Random random = new Random(20261128);
        String[] shared = {"1.1", "6.4", "7.2", "PENALISED", "LATE", "2026", "2026-Q1", "DGWBGS", "FY"};
        for (int round = 0; round < 300; round++) {
            List<Fact> facts = new ArrayList<>();
            Map<String, FactStatus> statuses = new LinkedHashMap<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                String id = random.nextBoolean()
                        ? new UUID(random.nextLong(), random.nextLong()).toString()
                        : "id-" + round + "-" + i + "-" + "事".repeat(random.nextInt(3));
                Instant at = Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L))
                        .plusNanos(random.nextInt(1_000_000_000));
                LocalDate on = LocalDate.ofEpochDay(random.nextInt(-100_000, 100_000));
                BigDecimal points = random.nextInt(4) == 0
                        ? null
                        : new BigDecimal(new BigInteger(random.nextInt(1, 90), random), random.nextInt(-3, 6));
                String pick = shared[random.nextInt(shared.length)];
                switch (random.nextInt(round % 2 == 0 ? 3 : 4)) { // no corrections in half the rounds
                    case 0, 1 -> {
                        facts.add(new CreditFact(
                                id,
                                UNIT,
                                pick,
                                pick,
                                points,
                                random.nextBoolean() ? null : pick,
                                on,
                                at,
                                random.nextBoolean() ? null : pick));
                        if (random.nextBoolean()) {
                            statuses.put(id, FactStatus.values()[random.nextInt(FactStatus.values().length)]);
                        }
                    }
                    case 2 ->
                        facts.add(new DebtorListing(
                                id,
                                "case-" + random.nextInt(5),
                                UNIT,
                                random.nextBoolean() ? DebtorStatus.LISTED : DebtorStatus.SHIELDED,
                                at,
                                random.nextBoolean() ? null : pick));
                    default ->
                        facts.add(
                                random.nextBoolean()
                                        ? new Correction(id, "target", UNIT, CorrectionKind.DELETE, null, at)
                                        : new Correction(
                                                id,
                                                "target",
                                                UNIT,
                                                CorrectionKind.AMEND,
                                                new Amendment(pick, points, on, random.nextBoolean() ? null : pick),
                                                at));
                }
            }
            PackedFacts packed = PackedFacts.of(facts, statuses);
            assertThat(packed.facts(UNIT)).as("round %d", round).containsExactlyElementsOf(facts);
            Map<String, FactStatus> back = new LinkedHashMap<>();
            packed.forEach(UNIT, (fact, status) -> {
                if (status != null) {
                    back.put(fact.id(), status);
                }
            });
            assertThat(back).as("round %d", round).isEqualTo(statuses);

            // the facts recorded before an instant: one fact's own (it is left out), a nanosecond later, or any
            Instant before = facts.isEmpty() || random.nextInt(4) == 0
                    ? Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L))
                    : facts.get(random.nextInt(facts.size())).recordedAt().plusNanos(random.nextInt(2));
            List<Fact> recordedBefore =
                    facts.stream().filter(f -> f.recordedAt().isBefore(before)).toList();
            assertThat(packed.factsRecordedBefore(UNIT, before))
                    .as("round %d", round)
                    .containsExactlyElementsOf(recordedBefore);

            // the facts a score only reads on a date: any, or one whose window just holds or just misses a fact
            LocalDate date = facts.isEmpty() || random.nextInt(4) == 0
                    ? LocalDate.ofEpochDay(random.nextInt(-100_000, 100_000))
                    : occurrence(facts.get(random.nextInt(facts.size())))
                            .plusYears(3)
                            .plusDays(random.nextInt(2));
            assertThat(packed.factsScoredOn(UNIT, date))
                    .as("round %d", round)
                    .containsExactlyElementsOf(scoredOn(facts, date));
        }
    }

    /** A fact's occurrence (a credit fact's, or an amendment's), else its recording's date in UTC. */
    private static LocalDate occurrence(Fact fact) {
        if (fact instanceof CreditFact c && c.occurredOn() != null) {
            return c.occurredOn();
        }
        if (fact instanceof Correction x
                && x.amendment() != null
                && x.amendment().occurredOn() != null) {
            return x.amendment().occurredOn();
        }
        return LocalDate.ofInstant(fact.recordedAt(), ZoneOffset.UTC);
    }

    /** What a score only on {@code date} reads, as the rules' ScoreFold says, from the facts as objects. */
    private static List<Fact> scoredOn(List<Fact> facts, LocalDate date) {
        boolean corrected = facts.stream().anyMatch(f -> f instanceof Correction);
        LocalDate tooEarly = ScoreFold.tooEarlyUpTo(date);
        return facts.stream()
                .filter(f -> f.recordedAt().isBefore(ScoreFold.unknownFrom(date)))
                .filter(f -> corrected
                        || !(f instanceof CreditFact c
                                && c.occurredOn() != null
                                && !c.occurredOn().isAfter(tooEarly)))
                .toList();
    }

    @Test
    void aCreditFactTooEarlyForTheWindowIsLeftOutUnlessACorrectionIsPacked() {
        LocalDate date = LocalDate.parse("2026-11-29");
        Instant recorded = Instant.parse("2026-01-01T00:00:00Z");
        CreditFact tooEarly = new CreditFact(
                "early", UNIT, "1.1", "PENALISED", null, null, LocalDate.parse("2023-11-29"), recorded, "DGWBGS");
        CreditFact counted = new CreditFact(
                "counted", UNIT, "1.1", "PENALISED", null, null, LocalDate.parse("2023-11-30"), recorded, "DGWBGS");
        PackedFacts packed = PackedFacts.of(List.of(tooEarly, counted));

        assertThat(packed.factsScoredOn(UNIT, date)).containsExactly(counted);
        Correction amendment = new Correction(
                "x",
                "early",
                UNIT,
                CorrectionKind.AMEND,
                new Amendment("PENALISED", null, LocalDate.parse("2024-06-01"), null),
                recorded.plusSeconds(60));
        assertThat(packed.with(amendment).factsScoredOn(UNIT, date)).containsExactly(tooEarly, counted, amendment);
        assertThat(PackedFacts.of(List.of(tooEarly, counted, amendment)).factsScoredOn(UNIT, date))
                .containsExactly(tooEarly, counted, amendment);
    }
}
