package cn.jiyuan.integrity.rules.evaluation;

import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The checksum of an official result, so that anyone holding a copy (a PDF, a spreadsheet, the topic's records) can
 * check it against the API: SHA-256, in lower-case hex, of the result's canonical text — one line
 * {@code year|asOf|catalogVersion}, then one line per unit in unit-id order:
 *
 * <pre>unitId|name|score|rawScore|grade|rank|debtorListed|code=score/max;…|factId,factId,…</pre>
 *
 * scores with two decimals, indicators in annex order, fact ids sorted, every line ending in {@code \n}, UTF-8. A
 * unit's own line hashed alone is its {@link #ofUnit line checksum}, printed on its report.
 */
public final class ResultChecksum {

    private ResultChecksum() {}

    public static String of(int year, LocalDate asOf, String catalogVersion, List<OfficialUnit> units) {
        StringBuilder text = new StringBuilder();
        text.append(year)
                .append('|')
                .append(asOf)
                .append('|')
                .append(catalogVersion)
                .append('\n');
        units.stream().sorted(Comparator.comparing(OfficialUnit::unitId)).forEach(u -> text.append(line(u)));
        return sha256(text.toString());
    }

    public static String ofUnit(OfficialUnit unit) {
        return sha256(line(unit));
    }

    /** The unit's canonical line, {@code \n} included. */
    public static String line(OfficialUnit u) {
        StringBuilder line = new StringBuilder();
        line.append(u.unitId())
                .append('|')
                .append(u.name())
                .append('|')
                .append(u.score().setScale(2).toPlainString())
                .append('|')
                .append(u.rawScore().setScale(2).toPlainString())
                .append('|')
                .append(u.grade())
                .append('|')
                .append(u.rank())
                .append('|')
                .append(u.debtorListed())
                .append('|');
        for (int i = 0; i < u.indicators().size(); i++) {
            IndicatorScore s = u.indicators().get(i);
            line.append(i == 0 ? "" : ";")
                    .append(s.code())
                    .append('=')
                    .append(s.score().setScale(2).toPlainString())
                    .append('/')
                    .append(s.max().setScale(2).toPlainString());
        }
        line.append('|').append(String.join(",", u.factIds())).append('\n');
        return line.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
