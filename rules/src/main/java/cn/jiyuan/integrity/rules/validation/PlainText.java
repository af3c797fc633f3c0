package cn.jiyuan.integrity.rules.validation;

/**
 * What text the platform stores and shows: Unicode without control characters (PostgreSQL cannot store U+0000; the
 * others have no business in a name or a reference) and without the invisible marks that reorder or hide what a
 * reader sees (bidirectional overrides and isolates, as in a spoofed name). Free text — a summary, a reason, an
 * explanation — may also break lines (tab, line feed, carriage return).
 */
public final class PlainText {

    private PlainText() {}

    /** Why {@code text} cannot be stored, or null when it can (null text is fine: absence is checked elsewhere). */
    public static String problem(String text, boolean freeText) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode text";
            }
            if (Character.isISOControl(c) && !(freeText && (c == '\t' || c == '\n' || c == '\r'))) {
                return freeText
                        ? "must not contain control characters (other than tab and line breaks)"
                        : "must not contain control characters or line breaks";
            }
            if (isDirectionalFormatting(c) || c == '\uFFFE' || c == '\uFFFF') {
                return "must not contain invisible direction or format marks (U+" + String.format("%04X", (int) c)
                        + ")";
            }
        }
        return null;
    }

    /** U+061C, U+200E/F, U+202A–U+202E and U+2066–U+2069: the marks that change the order text is shown in. */
    private static boolean isDirectionalFormatting(char c) {
        return c == '\u061C'
                || c == '\u200E'
                || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069');
    }
}
