package cn.jiyuan.integrity.support.persons;

import cn.jiyuan.integrity.support.security.UnsafeConfigurationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key-encryption key of the key store: data keys are stored wrapped under it (AES-256-GCM, the eventId as
 * associated data), so the key table alone — a dump, a backup — opens nothing. It comes from configuration
 * ({@code integrity.person-keys.master-key}, base64 of 32 bytes); the built-in default is for local runs only.
 */
public final class MasterKey {

    /** Published in the source code: never a secret outside local mode. */
    public static final String LOCAL_DEFAULT = "bG9jYWwtZGV2LW1hc3Rlci1rZXktMDEyMzQ1Njc4OWE=";

    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    /**
     * The configured master key, or the local default in local mode.
     *
     * @throws IllegalArgumentException if it is not base64 of 32 bytes
     * @throws UnsafeConfigurationException if it is missing or the local default outside local mode
     */
    public static MasterKey of(String configured, boolean localMode) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty() || value.equals(LOCAL_DEFAULT)) {
            if (!localMode) {
                throw new UnsafeConfigurationException(
                        (value.isEmpty()
                                        ? "no master key for personal data is set"
                                        : "the master key for personal" + " data is the built-in local default")
                                + " and local mode is off",
                        "set INTEGRITY_PERSON_KEYS_MASTER_KEY to base64 of 32 random bytes");
            }
            value = LOCAL_DEFAULT;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key is not base64", e);
        }
        if (bytes.length != PersonSeal.KEY_BYTES) {
            throw new IllegalArgumentException(
                    "the master key must be " + PersonSeal.KEY_BYTES + " bytes, not " + bytes.length);
        }
        return new MasterKey(bytes);
    }

    /** The data key wrapped for storage: nonce then ciphertext and tag. */
    public byte[] wrap(String eventId, byte[] dataKey) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, eventId).doFinal(dataKey);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot wrap a data key", e);
        }
    }

    /** The data key of the fact. @throws IllegalArgumentException if the stored bytes are not the fact's key */
    public byte[] unwrap(String eventId, byte[] wrapped) {
        try {
            return cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(wrapped, NONCE_BYTES), eventId)
                    .doFinal(wrapped, NONCE_BYTES, wrapped.length - NONCE_BYTES);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("the stored key of fact " + eventId + " does not unwrap", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String eventId) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        c.updateAAD(eventId.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
