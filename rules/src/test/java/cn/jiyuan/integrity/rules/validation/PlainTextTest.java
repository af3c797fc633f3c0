package cn.jiyuan.integrity.rules.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextTest {

    @Test
    void ordinaryChineseAndLatinTextIsFine() {
        assertThat(PlainText.problem("济纪发〔2026〕7号 (Case 7) — 欧阳娜娜 𠀀", false)).isNull();
        assertThat(PlainText.problem(null, false)).isNull();
    }

    @Test
    void controlCharactersAreRefused_freeTextMayBreakLines() {
        assertThat(PlainText.problem("a\u0000b", true)).contains("control characters");
        assertThat(PlainText.problem("a\u007Fb", false)).contains("control characters");
        assertThat(PlainText.problem("a\u0085b", false)).contains("control characters");
        assertThat(PlainText.problem("a\nb", false)).contains("line breaks");
        assertThat(PlainText.problem("第一行\r\n\t第二行", true)).isNull();
    }

    @Test
    void directionMarksAndBrokenSurrogatesAreRefused() {
        for (char c : new char[] {'\u202E', '\u202A', '\u2066', '\u2069', '\u200F', '\u061C'}) {
            assertThat(PlainText.problem("张" + c + "三", true))
                    .as("U+%04X", (int) c)
                    .contains("direction");
        }
        assertThat(PlainText.problem("a\uD800b", false)).contains("valid Unicode");
        assertThat(PlainText.problem("a\uDC00", false)).contains("valid Unicode");
    }
}
