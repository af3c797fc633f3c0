package cn.jiyuan.integrity.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

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
