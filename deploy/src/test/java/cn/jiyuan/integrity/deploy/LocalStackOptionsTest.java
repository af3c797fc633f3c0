package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void helpPrintsTheUsageAndEndsWell() throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            LocalStack.main(new String[] {"--help"});
        } finally {
            System.setOut(before);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains(
                        "usage: run.sh",
                        "run.sh cluster",
                        "run.sh chaos",
                        "run.sh token",
                        "run.sh replay",
                        "run.sh consumer-perf");
    }

    @Test
    void everyServiceStartsUnlessASubsetIsChosen() {
        assertThat(LocalStack.Options.parse().services())
                .containsExactlyInAnyOrder("ingest", "scoring", "objection", "query", "console");
        assertThat(LocalStack.Options.parse("--services=ingest, query").services())
                .containsExactlyInAnyOrder("ingest", "query");
    }

    @Test
    void anUnknownServiceIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> LocalStack.Options.parse("--services=ingest,billing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing")
                .hasMessageContaining("objection");
    }

    @Test
    void theDemoNeedsTheServicesItLoadsThrough() {
        assertThatThrownBy(() -> LocalStack.Options.parse("--demo", "--services=ingest,query"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--demo");
        assertThat(LocalStack.Options.parse("--demo", "--services=ingest,objection")
                        .demo())
                .isTrue();
    }
}
