package cn.jiyuan.integrity.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.scoring.replay.Commands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The replay tool as an operator runs it, with a service's arguments. */
final class ReplayCommand {

    private ReplayCommand() {}

    /** {@code replay --no-switch --target-schema=target} with the service's arguments; must succeed. */
    static void noSwitchInto(String target, String[] serviceArgs) {
        List<String> args = new ArrayList<>(List.of("replay", "--no-switch", "--target-schema=" + target));
        args.addAll(Arrays.asList(serviceArgs));
        assertThat(Commands.run(ScoringApplication.class, args.toArray(String[]::new)))
                .isZero();
    }
}
