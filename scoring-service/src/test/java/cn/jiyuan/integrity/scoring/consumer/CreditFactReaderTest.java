package cn.jiyuan.integrity.scoring.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.DebtorListing;
import cn.jiyuan.integrity.schemas.avro.DebtorListingStatus;
import cn.jiyuan.integrity.schemas.avro.FactPerson;
import cn.jiyuan.integrity.schemas.avro.SealedPersons;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shortcut reader gives exactly the fact the general decoder gives, and steps aside for anything else. */
class CreditFactReaderTest {

    private static final String TOPIC = IntegrityTopics.CREDIT_EVENTS.name();
    private final AvroSingleObjectSerializer serializer = new AvroSingleObjectSerializer();
    private final AvroSingleObjectDeserializer deserializer = new AvroSingleObjectDeserializer();

    @Test
    void isWrittenForTheCurrentCreditFactSchema() {
        assertThat(CreditFactReader.ENABLED)
                .as(
                        "CreditFact's schema changed: bring CreditFactReader.read up to its field order, then update"
                                + " WRITTEN_FOR to %016x",
                        CreditFactReader.FINGERPRINT)
                .isTrue();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void readsWhatTheGeneralDecoderReads(long seed) throws IOException {
        Random random = new Random(seed);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = serializer.serialize(TOPIC, randomFact(random));

            var fast = CreditFactReader.read(TOPIC, bytes, null);

            assertThat(fast).isNotNull().isEqualTo(RulesFacts.of(deserializer.deserialize(TOPIC, bytes)));
        }
    }

    @Test
    void repeatedValuesAreOneInstanceAndTheFactsStayEqual() throws IOException {
        Random random = new Random(11);
        CreditFact first = randomFact(random);
        CreditFact second = CreditFact.newBuilder(randomFact(random))
                .setUnitId(new String(first.getUnitId().toCharArray()))
                .setIndicator(new String(first.getIndicator().toCharArray()))
                .setProviderOrg(new String(first.getProviderOrg().toCharArray()))
                .build();
        SharedStrings shared = new SharedStrings();

        var a = CreditFactReader.read(TOPIC, serializer.serialize(TOPIC, first), shared);
        var b = CreditFactReader.read(TOPIC, serializer.serialize(TOPIC, second), shared);

        assertThat(a).isEqualTo(CreditFactReader.read(TOPIC, serializer.serialize(TOPIC, first), null));
        assertThat(b).isEqualTo(CreditFactReader.read(TOPIC, serializer.serialize(TOPIC, second), null));
        assertThat(b.unitId()).isSameAs(a.unitId());
        assertThat(b.indicator()).isSameAs(a.indicator());
        assertThat(b.providerOrg()).isSameAs(a.providerOrg());
        assertThat(b.eventId()).isNotEqualTo(a.eventId());
    }

    @Test
    void sharedStringsStopGrowingAtTheirLimit() {
        SharedStrings shared = new SharedStrings();
        for (int i = 0; i < SharedStrings.LIMIT; i++) {
            of(shared, "U" + i);
        }

        assertThat(of(shared, "beyond")).isEqualTo("beyond").isNotSameAs(of(shared, "beyond"));
        assertThat(of(shared, "U7")).isEqualTo("U7").isSameAs(of(shared, "U7"));
    }

    @Test
    void sharedStringsAreLookedUpByTheirBytesWhereverTheyStand() {
        SharedStrings shared = new SharedStrings();
        byte[] record = "..济源BENCH7..BENCH7济源".getBytes(StandardCharsets.UTF_8);
        int hanzi = "济源".getBytes(StandardCharsets.UTF_8).length;

        String first = shared.of(record, 2 + hanzi, 6);
        String second = shared.of(record, record.length - hanzi - 6, 6);
        String place = shared.of(record, 2, hanzi);

        assertThat(first).isEqualTo("BENCH7").isSameAs(second);
        assertThat(place).isEqualTo("济源").isSameAs(shared.of(record, record.length - hanzi, hanzi));
        assertThat(shared.of(record, 0, 0)).isEmpty();
    }

    private static String of(SharedStrings shared, String value) {
        byte[] bytes = ("#" + value).getBytes(StandardCharsets.UTF_8);
        return shared.of(bytes, 1, bytes.length - 1);
    }

    @Test
    void aUnionBranchTheSchemaDoesNotHaveIsDamage() throws IOException {
        CreditFact fact = CreditFact.newBuilder(randomFact(new Random(3)))
                .setEventId("e")
                .setUnitId("u")
                .setIndicator("i")
                .setOutcome("o")
                .setPoints(null)
                .build();
        byte[] bytes = serializer.serialize(TOPIC, fact);
        int points = AvroSingleObjectDeserializer.HEADER_LENGTH + 8; // four strings of one byte: length, byte
        assertThat(bytes[points]).as("the points branch: null").isEqualTo((byte) 0);
        bytes[points] = 4; // branch 2 (zig-zag)

        assertThatThrownBy(() -> CreditFactReader.read(TOPIC, bytes, null)).isInstanceOf(IOException.class);
    }

    @Test
    void leavesEverythingElseToTheGeneralDecoder() throws IOException {
        byte[] fact = serializer.serialize(TOPIC, randomFact(new Random(1)));
        byte[] listing = serializer.serialize(
                TOPIC,
                DebtorListing.newBuilder()
                        .setListingId(UUID.randomUUID().toString())
                        .setCaseNumber("(2026)豫9001执7号")
                        .setUnitId("KJZ")
                        .setStatus(DebtorListingStatus.LISTED)
                        .setRecordedAt(Instant.parse("2026-01-05T02:00:00Z"))
                        .setProviderOrg("SFY")
                        .setSubmittedBy("sfy-clerk")
                        .build());
        byte[] otherMarker = fact.clone();
        otherMarker[1] = 0x02;

        assertThat(CreditFactReader.read(IntegrityTopics.OBJECTIONS.name(), fact, null))
                .isNull();
        assertThat(CreditFactReader.read(TOPIC, listing, null)).isNull();
        assertThat(CreditFactReader.read(TOPIC, otherMarker, null)).isNull();
        assertThat(CreditFactReader.read(TOPIC, new byte[3], null)).isNull();
    }

    @Test
    void aDamagedFactStillGoesToTheDeadLetterTopicThroughTheGeneralDecoder() throws IOException {
        byte[] fact = serializer.serialize(TOPIC, randomFact(new Random(2)));
        byte[] truncated = Arrays.copyOf(fact, fact.length - 3);
        byte[] padded = Arrays.copyOf(fact, fact.length + 2);

        assertThatThrownBy(() -> CreditFactReader.read(TOPIC, truncated, null)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CreditFactReader.read(TOPIC, padded, null)).isInstanceOf(IOException.class);
        Decoder decoder = new Decoder(Catalogs.standard());
        for (byte[] damaged : List.of(truncated, padded)) {
            assertThatThrownBy(() -> decoder.decode(new ConsumerRecord<>(TOPIC, 0, 0, "KJZ", damaged)))
                    .isInstanceOf(SerializationException.class);
        }
    }

    private static CreditFact randomFact(Random random) {
        List<FactPerson> persons = new ArrayList<>();
        for (int p = random.nextInt(4); p > 0; p--) {
            persons.add(new FactPerson(
                    List.of("张三", "欧阳娜娜", "李四", "王").get(random.nextInt(4)), random.nextBoolean() ? null : "副局长"));
        }
        boolean withPoints = random.nextBoolean();
        return CreditFact.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setUnitId("BENCH" + random.nextInt(5000))
                .setIndicator(List.of("4.1", "6.4", "1.2", "7.1").get(random.nextInt(4)))
                .setOutcome(List.of("PENALISED", "LIGHT_DISCIPLINE", "DEDUCTED").get(random.nextInt(3)))
                .setPoints(withPoints ? BigDecimal.valueOf(random.nextInt(100_000_000) - 50_000_000L, 2) : null)
                .setPeriod(random.nextBoolean() ? null : "2025-H" + (1 + random.nextInt(2)))
                .setOccurredOn(LocalDate.of(2021, 1, 1).plusDays(random.nextInt(2000)))
                .setReference(random.nextBoolean() ? null : "济纪发〔2026〕" + random.nextInt(99) + "号")
                .setSummary(random.nextBoolean() ? null : "约谈后仍未整改".repeat(1 + random.nextInt(20)))
                .setPersons(persons)
                .setSealedPersons(
                        random.nextBoolean()
                                ? null
                                : new SealedPersons(
                                        ByteBuffer.wrap(new byte[12]),
                                        ByteBuffer.wrap(new byte[16 + random.nextInt(200)])))
                .setRecordedAt(Instant.ofEpochMilli(1_600_000_000_000L + random.nextLong(200_000_000_000L)))
                .setProviderOrg(List.of("JGW", "DGWBGS", "SFY").get(random.nextInt(3)))
                .setSubmittedBy("user-" + random.nextInt(100))
                .setLate(random.nextBoolean())
                .setDeadline(LocalDate.of(2021, 1, 1).plusDays(random.nextInt(2000)))
                .setCatalogVersion("jgb-2022-44")
                .build();
    }
}
