package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void helpPrintsTheUsageAndEndsWell() throws Exception {
        java.io.PrintStream before = System.out;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            LocalStack.main(new String[] {"--help"});
        } finally {
            System.setOut(before);
        }
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("usage: run.sh", "run.sh cluster", "run.sh chaos", "run.sh token");
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
