package cn.jiyuan.integrity.deploy;

import ch.qos.logback.classic.Level;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.tools.ConsumerPerformance;
import org.apache.kafka.tools.ProducerPerformance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's commands besides starting the stack, as one table: {@code run.sh NAME [arguments]} runs the command
 * of that name with the arguments after it. The usage the launcher prints is made from the same table.
 */
final class LauncherCommands {

    /** A command's work, given the arguments after its name; returns the process's exit code. */
    @FunctionalInterface
    interface Work {
        int run(String[] args) throws Exception;
    }

    /**
     * One command: its name, its usage line, and whether the process ends with the command's exit code (a tool) or
     * simply returns once the command has returned (what runs until it is stopped, and Kafka's own tools).
     */
    record Command(String name, String usage, boolean exits, Work work) {}

    private static final Map<String, Command> COMMANDS = table(
            tool("token", "--org ORG --roles ROLE[,ROLE]", a -> TokenCommand.run(a, System.out)),
            runs(
                    "cluster",
                    "[--brokers=3] [--instances=2] [--base-port=19000] [--data-dir=data-cluster] [--fresh]"
                            + " [--services=…]   (deploy/README.md)",
                    a -> {
                        quietenBrokerLogs();
                        LocalCluster.run(a);
                    }),
            runs("cluster-node", "--node-id=N --secrets=FILE [cluster options]   (started by run.sh cluster)", a -> {
                quietenBrokerLogs();
                ClusterNode.run(a);
            }),
            tool(
                    "chaos",
                    "[--minutes=5] [--fault-every=20] [--seed=N]   (faults under load; docs/reliability.md)",
                    a -> {
                        quietenBrokerLogs();
                        return ChaosRun.run(a, System.out);
                    }),
            tool(
                    "import-history",
                    "--file=history.json [--ingest=URL] [--token=JWT]   (docs/api-tour.md \"History\")",
                    a -> ImportHistoryCommand.run(a, System.out)),
            tool(
                    "replay",
                    "[--as-of=DATE] [--no-switch] [--target-schema=scoring_X] [--operator=NAME]"
                            + "   (while the stack runs; docs/operations.md)",
                    a -> ScoringCommands.run(prepend("replay", a))),
            tool(
                    "checksum",
                    "[--schema=NAME]   (of the scoring projection)",
                    a -> ScoringCommands.run(prepend("checksum", a))),
            tool("bench-ingest", "batch|single [options]   (docs/benchmarks.md)", a -> IngestLoad.run(a, System.out)),
            tool(
                    "bench-scoring",
                    "load [--facts=1000000] [--units=5000] [--history=true] | latency [--seconds=60]",
                    a -> a.length > 0 && a[0].equals("latency")
                            ? ScoringLatency.run(Arrays.copyOfRange(a, 1, a.length), System.out)
                            : ScoringLoad.run(a, System.out)),
            tool(
                    "bench-query",
                    "score [--rate=1000] | rankings | sse [--subscribers=200]",
                    a -> QueryLoad.run(a, System.out)),
            runs("perf-topic", "NAME [PARTITIONS=6] [BOOTSTRAP=127.0.0.1:9092]   (a scratch topic)", a -> {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", a.length > 2 ? a[2] : "127.0.0.1:9092"))) {
                    admin.createTopics(
                                    List.of(new NewTopic(a[0], a.length > 1 ? Integer.parseInt(a[1]) : 6, (short) 1)))
                            .all()
                            .get();
                }
            }),
            runs("producer-perf", "…   (Kafka's ProducerPerformance, the raw baseline)", ProducerPerformance::main),
            runs("consumer-perf", "…   (Kafka's ConsumerPerformance, the raw baseline)", ConsumerPerformance::main));

    private LauncherCommands() {}

    static Optional<Command> named(String name) {
        return Optional.ofNullable(COMMANDS.get(name));
    }

    /** One line per command, for the launcher's usage. */
    static String usage() {
        StringBuilder lines = new StringBuilder();
        for (Command c : COMMANDS.values()) {
            lines.append("       run.sh ")
                    .append(c.name())
                    .append(' ')
                    .append(c.usage())
                    .append('\n');
        }
        return lines.toString();
    }

    /** Before Spring Boot configures logging, the broker and PostgreSQL would log every setting at DEBUG. */
    static void quietenBrokerLogs() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger logback) {
            logback.setLevel(Level.WARN);
        }
    }

    @FunctionalInterface
    private interface Session {
        void run(String[] args) throws Exception;
    }

    private static Command tool(String name, String usage, Work work) {
        return new Command(name, usage, true, work);
    }

    private static Command runs(String name, String usage, Session session) {
        return new Command(name, usage, false, a -> {
            session.run(a);
            return 0;
        });
    }

    private static Map<String, Command> table(Command... commands) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : commands) {
            byName.put(c.name(), c);
        }
        return byName;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
