package cn.jiyuan.integrity.scoring.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PostgreSQL's binary COPY layouts: numeric (numeric_send: length, ndigits, weight, sign, dscale, digits), and a cached
 * value written as its text. (The round trip through PostgreSQL: FactCopyIntegrationTest, ReplayIntegrationTest.)
 */
class CopyRowsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "5; 0; 0; 0; 5",
                "5.00; 0; 0; 2; 5",
                "0.05; -1; 0; 2; 500",
                "0.5; -1; 0; 1; 5000",
                "2.25; 0; 0; 2; 2|2500",
                "12345.67; 1; 0; 2; 1|2345|6700",
                "9999999.99; 1; 0; 2; 999|9999|9900",
                "10000; 1; 0; 0; 1",
                "-2.5; 0; 16384; 1; 2|5000",
                "0; 0; 0; 0; ",
                "0.00; 0; 0; 2; "
            })
    void encodesLikePostgresql(String value, int weight, int sign, int dscale, String digits) {
        ByteBuf out = new CopyRows(8).numeric(new BigDecimal(value)).buffer();

        List<Integer> expected = new ArrayList<>();
        if (digits != null) {
            for (String d : digits.split("\\|")) {
                expected.add(Integer.parseInt(d));
            }
        }
        assertThat(out.readInt()).as("length").isEqualTo(8 + 2 * expected.size());
        assertThat((int) out.readShort()).as("ndigits").isEqualTo(expected.size());
        assertThat((int) out.readShort()).as("weight").isEqualTo(weight);
        assertThat(out.readShort() & 0xffff).as("sign").isEqualTo(sign);
        assertThat((int) out.readShort()).as("dscale").isEqualTo(dscale);
        List<Integer> actual = new ArrayList<>();
        while (out.isReadable()) {
            actual.add((int) out.readShort());
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void nullIsLengthMinusOne() {
        ByteBuf out = new CopyRows(8).numeric(null).buffer();
        assertThat(out.readInt()).isEqualTo(-1);
        assertThat(out.isReadable()).isFalse();
    }

    @Test
    void aRepeatedValueIsWrittenAsItsTextEveryTime() {
        String indicator = "4.1";
        String orgWithHanzi = "济源示范区"; // more bytes than characters
        CopyRows rows = new CopyRows(4);
        for (int i = 0; i < 3; i++) {
            rows.row(3).repeated(indicator).repeated(orgWithHanzi).repeated(null);
        }
        ByteBuf expected =
                new CopyRows(4).row(3).text(indicator).text(orgWithHanzi).nul().buffer();
        ByteBuf written = rows.buffer();
        assertThat(written.readableBytes()).isEqualTo(3 * expected.readableBytes());
        for (int i = 0; i < 3; i++) {
            assertThat(written.readSlice(expected.readableBytes())).isEqualTo(expected);
        }
    }

    @Test
    void textIsItsUtf8LengthThenItsBytes() {
        ByteBuf out = new CopyRows(1).text("示范区 A").buffer(); // grows past its first capacity
        assertThat(out.readInt()).isEqualTo(11);
        byte[] bytes = new byte[11];
        out.readBytes(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("示范区 A");
    }
}
