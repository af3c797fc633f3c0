package cn.jiyuan.integrity.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Free ports for a test's own stack, and the launcher's options that start it there, fresh. */
record StackPorts(
        int kafka, int controller, int postgres, int ingest, int scoring, int objection, int query, int console) {

    static StackPorts free() throws IOException {
        return new StackPorts(
                freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code --fresh} in {@code data}, every service but the console on these ports. */
    LocalStack.Options options(Path data) {
        return LocalStack.Options.parse(args(data, "--services=ingest,scoring,objection,query"));
    }

    /** {@code --fresh} in {@code data}, every part on these ports, the console too. */
    LocalStack.Options withConsole(Path data) {
        return LocalStack.Options.parse(args(data, "--console-port=" + console));
    }

    private String[] args(Path data, String last) {
        return new String[] {
            "--fresh",
            "--data-dir=" + data,
            "--kafka-port=" + kafka,
            "--kafka-controller-port=" + controller,
            "--postgres-port=" + postgres,
            "--ingest-port=" + ingest,
            "--scoring-port=" + scoring,
            "--objection-port=" + objection,
            "--query-port=" + query,
            last
        };
    }
}
