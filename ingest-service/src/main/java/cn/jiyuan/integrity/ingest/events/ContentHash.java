package cn.jiyuan.integrity.ingest.events;

import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.rules.validation.FactSubmission;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What "the same content" means for idempotency: every field of the fact as submitted, plus the sending org, with
 * numbers compared by value (1.5 = 1.50). Length-prefixed, so no two different facts share a canonical form.
 */
final class ContentHash {

    private ContentHash() {}

    static String of(FactSubmission s, String providerOrg) {
        StringBuilder b = new StringBuilder(256);
        field(b, s.unitId());
        field(b, s.indicator());
        field(b, s.outcome());
        field(b, s.points() == null ? null : normalise(s.points()));
        field(b, s.period());
        field(b, s.occurredOn() == null ? null : s.occurredOn().toString());
        field(b, s.reference());
        field(b, s.summary());
        if (s.persons() != null) {
            field(b, String.valueOf(s.persons().size()));
            for (Person p : s.persons()) {
                field(b, p.name());
                field(b, p.position());
            }
        } else {
            field(b, null);
        }
        field(b, providerOrg);
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalise(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    private static void field(StringBuilder b, String value) {
        if (value == null) {
            b.append("-1:");
        } else {
            b.append(value.length()).append(':').append(value);
        }
        b.append('|');
    }
}
