package cn.jiyuan.integrity.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/** The quick header checks answer as Spring Security's own, for every character and for mixed texts. */
class HeaderCharactersTest {

    @Test
    void everyCharacterAloneAndBetweenLettersIsJudgedAsSpringJudgesIt() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String alone = String.valueOf((char) c);
            String between = "Bearer a" + (char) c + "b";
            assertSame(alone);
            assertSame(between);
        }
    }

    @Test
    void randomTextsOfAsciiControlsTabsAndOtherCharactersAreJudgedAsSpringJudgesThem() {
        Random random = new Random(17);
        char[] kinds = {
            'a', 'Z', '7', ' ', '\t', '\u0000', '\u001f', '\u007f', '\u0085', '\u00e9', '信', '\ud83d', '\ude00'
        };
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(
                        random.nextInt(3) == 0
                                ? kinds[random.nextInt(kinds.length)]
                                : (char) (32 + random.nextInt(95)));
            }
            assertSame(text.toString());
        }
        assertSame("");
        assertSame(null); // a header not sent is checked too
        assertSame("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4eWIifQ.c2lnbmF0dXJl");
    }

    @Test
    void controlCharactersAreRefusedAndATabOnlyInAValue() {
        assertThat(HeaderCharacters.VALUES.test("a\tb")).isTrue();
        assertThat(HeaderCharacters.NAMES.test("a\tb")).isFalse();
        assertThat(HeaderCharacters.VALUES.test("a\rb")).isFalse();
        assertThat(HeaderCharacters.VALUES.test("a\nb")).isFalse();
        assertThat(HeaderCharacters.VALUES.test("a\u0000b")).isFalse();
        assertThat(HeaderCharacters.VALUES.test("a\u007fb")).isFalse();
        assertThat(HeaderCharacters.VALUES.test("信用\u0085")).isFalse(); // a control character beyond ASCII
    }

    private static void assertSame(String text) {
        assertJudged(text, HeaderCharacters.NAMES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
        assertJudged(text, HeaderCharacters.VALUES, StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);
    }

    private static void assertJudged(String text, Predicate<String> quick, Predicate<String> spring) {
        assertThat(quick.test(text))
                .as(
                        "%s",
                        text == null
                                ? "null"
                                : text.chars().mapToObj(Integer::toHexString).toList())
                .isEqualTo(spring.test(text));
    }
}
