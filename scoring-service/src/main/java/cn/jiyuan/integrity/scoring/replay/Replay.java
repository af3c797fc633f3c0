package cn.jiyuan.integrity.scoring.replay;

import java.io.PrintStream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** Rebuilds the projection from the topics into a fresh schema and swaps it in (placeholder: next commit). */
public final class Replay {

    static Replay fromContext(ConfigurableApplicationContext context, String schema) {
        return new Replay();
    }

    int run(Environment env, PrintStream out) {
        out.println("replay: not implemented yet");
        return 1;
    }
}
