package cn.jiyuan.integrity.support.persons;

import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.schemas.avro.SealedPersons;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A fact's persons sealed under the fact's own data key: AES-256-GCM, 128-bit tag, the eventId as associated data (a
 * sealed value moved to another fact does not open), the plaintext the UTF-8 JSON {@code [{"name", "position"}]}.
 *
 * <p>The nonce is derived from the key and the plaintext (HMAC-SHA-256, first 96 bits), so a retry of the same fact
 * sends the same bytes; a key seals one fact only and the ingest's claim lets an eventId carry one content only, so a
 * nonce is never used for two plaintexts under one key.
 */
public final class PersonSeal {

    public static final int KEY_BYTES = 32;

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();

    private PersonSeal() {}

    /** A fresh random data key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The persons sealed for the fact, or null when it names nobody. */
    public static SealedPersons seal(String eventId, List<Person> persons, byte[] key) {
        if (persons == null || persons.isEmpty()) {
            return null;
        }
        List<Map<String, String>> plain = new ArrayList<>();
        for (Person p : persons) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("position", p.position());
            plain.add(m);
        }
        byte[] plaintext = JSON.writeValueAsBytes(plain);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] nonce = Arrays.copyOf(mac.doFinal(plaintext), NONCE_BYTES);
            byte[] ciphertext = cipher(Cipher.ENCRYPT_MODE, key, nonce, eventId).doFinal(plaintext);
            return new SealedPersons(ByteBuffer.wrap(nonce), ByteBuffer.wrap(ciphertext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal personal data", e);
        }
    }

    /**
     * The persons of the fact, opened with its key.
     *
     * @throws IllegalArgumentException if the key is not the fact's or the bytes were altered
     */
    public static List<Person> open(String eventId, SealedPersons sealed, byte[] key) {
        byte[] plaintext;
        try {
            plaintext = cipher(Cipher.DECRYPT_MODE, key, bytes(sealed.getNonce()), eventId)
                    .doFinal(bytes(sealed.getCiphertext()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the persons of fact " + eventId + " do not open with this key", e);
        }
        List<Person> persons = new ArrayList<>();
        for (JsonNode p : JSON.readTree(new String(plaintext, StandardCharsets.UTF_8))) {
            JsonNode position = p.get("position");
            persons.add(new Person(
                    p.get("name").asString(), position == null || position.isNull() ? null : position.asString()));
        }
        return List.copyOf(persons);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, String eventId) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(eventId.getBytes(StandardCharsets.UTF_8));
        return c;
    }

    static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }
}
