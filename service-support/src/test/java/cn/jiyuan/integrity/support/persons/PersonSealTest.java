package cn.jiyuan.integrity.support.persons;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.schemas.avro.SealedPersons;
import cn.jiyuan.integrity.support.security.UnsafeConfigurationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonSealTest {

    private static final String FACT = "6f1c1b36-60b4-4a4e-a1f5-4f3a8c1e2b11";
    private static final List<Person> PERSONS = List.of(new Person("欧阳娜娜", "副局长"), new Person("张三", null));

    @Test
    void personsOpenWithTheFactsKeyAndOnlyWithIt() {
        byte[] key = PersonSeal.newKey();
        SealedPersons sealed = PersonSeal.seal(FACT, PERSONS, key);

        assertThat(PersonSeal.open(FACT, sealed, key)).isEqualTo(PERSONS);
        assertThatThrownBy(() -> PersonSeal.open(FACT, sealed, PersonSeal.newKey()))
                .isInstanceOf(IllegalArgumentException.class);
        // moved to another fact, the same bytes do not open either (the eventId is bound in)
        assertThatThrownBy(() -> PersonSeal.open("another", sealed, key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theNameIsNotInTheSealedBytesAndARetrySealsTheSameBytes() {
        byte[] key = PersonSeal.newKey();
        SealedPersons sealed = PersonSeal.seal(FACT, PERSONS, key);
        String bytes = new String(PersonSeal.bytes(sealed.getCiphertext()), StandardCharsets.UTF_8)
                + new String(PersonSeal.bytes(sealed.getNonce()), StandardCharsets.UTF_8);

        assertThat(bytes).doesNotContain("欧阳").doesNotContain("张三").doesNotContain("name");
        assertThat(PersonSeal.seal(FACT, PERSONS, key)).isEqualTo(sealed);
        assertThat(PersonSeal.seal(FACT, List.of(), key)).isNull();
        assertThat(PersonSeal.seal(FACT, null, key)).isNull();
    }

    @Test
    void alteredBytesDoNotOpen() {
        byte[] key = PersonSeal.newKey();
        SealedPersons sealed = PersonSeal.seal(FACT, PERSONS, key);
        byte[] ciphertext = PersonSeal.bytes(sealed.getCiphertext());
        ciphertext[0] ^= 1;
        SealedPersons altered = new SealedPersons(sealed.getNonce(), ByteBuffer.wrap(ciphertext));

        assertThatThrownBy(() -> PersonSeal.open(FACT, altered, key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMasterKeyWrapsADataKeyForOneFact() {
        MasterKey master = MasterKey.of(null, true);
        byte[] key = PersonSeal.newKey();
        byte[] wrapped = master.wrap(FACT, key);

        assertThat(Collections.indexOfSubList(toList(wrapped), toList(key))).isEqualTo(-1);
        assertThat(master.unwrap(FACT, wrapped)).isEqualTo(key);
        assertThatThrownBy(() -> master.unwrap("another", wrapped)).isInstanceOf(IllegalArgumentException.class);
        String other = Base64.getEncoder().encodeToString(PersonSeal.newKey());
        assertThatThrownBy(() -> MasterKey.of(other, false).unwrap(FACT, wrapped))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLocalDefaultMasterKeyIsRefusedOutsideLocalModeAndABadOneAlways() {
        assertThatThrownBy(() -> MasterKey.of(null, false))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("no master key");
        assertThatThrownBy(() -> MasterKey.of(MasterKey.LOCAL_DEFAULT, false))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("local default");
        assertThatThrownBy(() -> MasterKey.of("not base64!", true)).hasMessageContaining("not base64");
        assertThatThrownBy(() -> MasterKey.of(Base64.getEncoder().encodeToString(new byte[16]), true))
                .hasMessageContaining("32 bytes");
    }

    private static List<Byte> toList(byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
            list.add(b);
        }
        return list;
    }
}
