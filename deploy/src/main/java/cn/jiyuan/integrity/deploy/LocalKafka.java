package cn.jiyuan.integrity.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka node in KRaft mode (combined broker and controller), in this process: writes
 * {@code server.properties} into its data directory, formats the storage once (StorageTool.execute, not main, which
 * would exit the JVM), then runs {@link KafkaRaftServer}. Data survives restarts. Alone, it is the local stack's
 * broker; with others ({@link #startNode}), one node of the cluster mode's three, each in a process of its own.
 */
final class LocalKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String securityProtocol;

    private LocalKafka(KafkaRaftServer server, String bootstrapServers, String securityProtocol) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.securityProtocol = securityProtocol;
    }

    /** Client settings to log in as {@code user} (SCRAM-SHA-512), for a secured broker. */
    static Map<String, Object> clientLogin(String user, String password) {
        return Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", scramLogin(user, password));
    }

    private static String scramLogin(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    String securityProtocol() {
        return securityProtocol;
    }

    /** A node of a cluster on this machine: its id, client port and controller port. */
    record Node(int id, int port, int controllerPort) {}

    static LocalKafka start(Path dataDir, int port, int controllerPort) {
        Node self = new Node(1, port, controllerPort);
        return start(dataDir, self, List.of(self), null, null);
    }

    /**
     * One node of the cluster {@code all} (replicas and in-sync minimum follow its size: 3 nodes, 3 replicas, 2 in
     * sync), all formatted with {@code clusterId}; secured as {@link #startSecured} when {@code users} is not null.
     */
    static LocalKafka startNode(
            Path dataDir, Node self, List<Node> all, String clusterId, Map<String, String> users, String admin) {
        return start(dataDir, self, all, clusterId, users == null ? null : new Sasl(users, admin));
    }

    /**
     * A broker whose client listener takes only SASL (SCRAM-SHA-512) and authorizes every request by ACLs
     * ({@link KafkaAccess}): {@code users} are the SCRAM users (name → password) created with the storage, {@code
     * admin} among them the super user. The controller listener stays on the loopback address without SASL, as a
     * single-node broker's own; a cluster puts SASL on it too.
     */
    static LocalKafka startSecured(
            Path dataDir, int port, int controllerPort, Map<String, String> users, String admin) {
        Node self = new Node(1, port, controllerPort);
        return start(dataDir, self, List.of(self), null, new Sasl(users, admin));
    }

    private record Sasl(Map<String, String> users, String admin) {}

    private static LocalKafka start(Path dataDir, Node self, List<Node> all, String clusterId, Sasl sasl) {
        int port = self.port();
        int controllerPort = self.controllerPort();
        String replicas = String.valueOf(Math.min(3, all.size()));
        String inSync = all.size() >= 3 ? "2" : "1";
        try {
            Path logs = dataDir.resolve("kafka");
            Files.createDirectories(logs);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", String.valueOf(self.id()));
            props.put(
                    "controller.quorum.voters",
                    all.stream()
                            .map(n -> n.id() + "@127.0.0.1:" + n.controllerPort())
                            .collect(Collectors.joining(",")));
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logs.toAbsolutePath().toString());
            props.put("offsets.topic.replication.factor", replicas);
            props.put("transaction.state.log.replication.factor", replicas);
            props.put("transaction.state.log.min.isr", inSync);
            props.put("share.coordinator.state.topic.replication.factor", replicas);
            props.put("share.coordinator.state.topic.min.isr", inSync);
            props.put("default.replication.factor", replicas);
            props.put("min.insync.replicas", inSync);
            props.put("group.initial.rebalance.delay.ms", "0");
            // Topics are declared by the services (IntegrityTopics); a typo must not create a new one.
            props.put("auto.create.topics.enable", "false");
            String clientProtocol = "PLAINTEXT";
            if (sasl != null) {
                clientProtocol = "SASL_PLAINTEXT";
                props.put(
                        "listeners",
                        "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
                props.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
                props.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
                props.put("inter.broker.listener.name", "SASL_PLAINTEXT");
                props.put("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "SCRAM-SHA-512");
                props.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
                props.put(
                        "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                        scramLogin(sasl.admin(), sasl.users().get(sasl.admin())));
                // Controllers read SCRAM credentials from the metadata they keep, so among themselves (and the
                // brokers with them) they log in with PLAIN, the admin alone: no client is anonymous anywhere.
                String adminPassword = sasl.users().get(sasl.admin());
                props.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
                props.put("sasl.mechanism.controller.protocol", "PLAIN");
                props.put(
                        "listener.name.controller.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                                + sasl.admin() + "\" password=\"" + adminPassword + "\" user_" + sasl.admin()
                                + "=\"" + adminPassword + "\";");
                props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
                props.put("super.users", "User:" + sasl.admin());
                props.put("allow.everyone.if.no.acl.found", "false");
            }
            Path config = dataDir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(w, "integrity-platform local broker (written by LocalKafka on every start)");
            }
            if (!Files.exists(logs.resolve("meta.properties"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                List<String> format = new ArrayList<>(List.of(
                        "format",
                        "-t",
                        clusterId == null ? Uuid.randomUuid().toString() : clusterId,
                        "-c",
                        config.toAbsolutePath().toString()));
                if (sasl != null) {
                    sasl.users().forEach((name, password) -> {
                        format.add("--add-scram");
                        format.add("SCRAM-SHA-512=[name=" + name + ",password=" + password + "]");
                    });
                }
                int rc = StorageTool.execute(
                        format.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
                if (rc != 0) {
                    throw new IllegalStateException(
                            "kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
                }
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new LocalKafka(server, "127.0.0.1:" + port, clientProtocol);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
