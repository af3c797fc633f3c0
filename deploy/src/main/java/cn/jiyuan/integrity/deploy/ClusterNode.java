package cn.jiyuan.integrity.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code LocalStack cluster-node --node-id=N …}: one Kafka node of the cluster mode, in this JVM, until it is stopped.
 * It reads the cluster id and the SCRAM passwords from the file the launcher keeps in its data directory, and says
 * {@code kafka node N started} on its output once it serves (the launcher waits for those words after a restart).
 */
final class ClusterNode {

    private ClusterNode() {}

    static void run(String... args) throws IOException, InterruptedException {
        int nodeId = 0;
        ClusterOptions o;
        List<String> clusterArgs = new ArrayList<>();
        Path secretsFile = null;
        for (String arg : args) {
            if (arg.startsWith("--node-id=")) {
                nodeId = Integer.parseInt(arg.substring("--node-id=".length()));
            } else if (arg.startsWith("--secrets=")) {
                secretsFile = Path.of(arg.substring("--secrets=".length()));
            } else {
                clusterArgs.add(arg);
            }
        }
        o = ClusterOptions.parse(clusterArgs.toArray(String[]::new));
        Properties secrets = new Properties();
        try (Reader r = Files.newBufferedReader(secretsFile, StandardCharsets.UTF_8)) {
            secrets.load(r);
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (String user : LocalCluster.USERS) {
            users.put(user, secrets.getProperty("password." + user));
        }
        int id = nodeId;
        LocalKafka.Node self =
                o.nodes().stream().filter(n -> n.id() == id).findFirst().orElseThrow();
        LocalKafka node = LocalKafka.startNode(
                o.dataDir(), self, o.nodes(), secrets.getProperty("cluster.id"), users, LocalCluster.ADMIN);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                        },
                        "kafka-node-stop"));
        System.out.println("kafka node " + id + " started on " + node.bootstrapServers());
        stopped.await();
    }
}
