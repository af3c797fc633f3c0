package cn.jiyuan.integrity.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Apache Kafka broker in KRaft mode (combined broker and controller), in this process: writes
 * {@code server.properties} into its data directory, formats the storage once (StorageTool.execute, not main, which
 * would exit the JVM), then runs {@link KafkaRaftServer}. Data survives restarts.
 */
final class LocalKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private LocalKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    static LocalKafka start(Path dataDir, int port, int controllerPort) {
        try {
            Path logs = dataDir.resolve("kafka");
            Files.createDirectories(logs);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("controller.listener.names", "CONTROLLER");
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logs.toAbsolutePath().toString());
            props.put("offsets.topic.replication.factor", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            // Topics are declared by the services (IntegrityTopics); a typo must not create a new one.
            props.put("auto.create.topics.enable", "false");
            Path config = dataDir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
                props.store(w, "integrity-platform local broker (written by LocalKafka on every start)");
            }
            if (!Files.exists(logs.resolve("meta.properties"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int rc = StorageTool.execute(
                        new String[] {
                            "format",
                            "-t",
                            Uuid.randomUuid().toString(),
                            "-c",
                            config.toAbsolutePath().toString()
                        },
                        new PrintStream(out, true, StandardCharsets.UTF_8));
                if (rc != 0) {
                    throw new IllegalStateException(
                            "kafka storage format failed: " + out.toString(StandardCharsets.UTF_8));
                }
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
            return new LocalKafka(server, "127.0.0.1:" + port);
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
