package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenCommandTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void aTokenLivesAtMostTwelveHours() throws Exception {
        assertThat(TokenCommand.run(new String[] {"--org", "XYB", "--roles", "CREDIT_OFFICE", "--hours", "12"}, out))
                .isZero();
        var claims = SignedJWT.parse(printed.toString(StandardCharsets.UTF_8).strip())
                .getJWTClaimsSet();
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofHours(12));
    }

    @Test
    void longerOrNonsenseLifetimesAreRefused() {
        for (String hours : new String[] {"13", "876000", "0", "-1", "x"}) {
            printed.reset();
            assertThat(TokenCommand.run(
                            new String[] {"--org", "XYB", "--roles", "CREDIT_OFFICE", "--hours", hours}, out))
                    .as(hours)
                    .isEqualTo(2);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("--hours must be 1 to 12");
        }
    }
}
