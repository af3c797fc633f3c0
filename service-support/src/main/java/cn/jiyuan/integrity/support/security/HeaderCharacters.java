package cn.jiyuan.integrity.support.security;

import java.util.function.Predicate;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * The strict firewall's header checks, as Spring Security states them (every character assigned and no ISO control
 * character; a value may hold tabs), decided without a regex when the text is ASCII, as nearly every header is. The
 * firewall checks a header each time it is read, and its regex, one character at a time, took a quarter of the query
 * service's request threads' time at 1,000 reads a second (a bearer token is read several times a request). Text with
 * any other character goes to Spring's own predicate, so the answer is the same for every text.
 */
final class HeaderCharacters {

    /** Header names: assigned, no control character. */
    static final Predicate<String> NAMES =
            text -> allowed(text, false, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);

    /** Header values: assigned, no control character but the tab. */
    static final Predicate<String> VALUES =
            text -> allowed(text, true, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);

    private HeaderCharacters() {}

    private static boolean allowed(String text, boolean tabs, Predicate<String> beyondAscii) {
        if (text == null) { // a header not sent: Spring's answer, whatever it is
            return beyondAscii.test(text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return beyondAscii.test(text);
            }
            // every ASCII character is assigned; its control characters are 0x00–0x1F and 0x7F
            if ((c < 0x20 || c == 0x7F) && !(tabs && c == '\t')) {
                return false;
            }
        }
        return true;
    }
}
