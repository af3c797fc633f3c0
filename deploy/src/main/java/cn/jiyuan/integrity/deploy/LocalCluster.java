package cn.jiyuan.integrity.deploy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import cn.jiyuan.integrity.console.ConsoleApplication;
import cn.jiyuan.integrity.ingest.IngestApplication;
import cn.jiyuan.integrity.objection.ObjectionApplication;
import cn.jiyuan.integrity.query.QueryApplication;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import cn.jiyuan.integrity.scoring.ScoringApplication;
import cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.LoggerFactory;

/**
 * {@code run.sh cluster}: the platform laid out as in production, on this machine, every part a process of its own —
 * three KRaft nodes (each broker and controller; three replicas, two in sync) that take only SASL/SCRAM clients and
 * authorise them by the ACLs of {@link KafkaAccess}, PostgreSQL, two instances of every service each logged in as
 * its own principal, and the console in front of the first instances. It prints where each part answers and stops
 * everything on Ctrl-C, the services first. Logs go to {@code <data-dir>/logs}. The single-process run stays the
 * default for newcomers.
 */
final class LocalCluster implements AutoCloseable {

    static final String ADMIN = "admin";
    /** The SCRAM users: the admin (the brokers' own, and the launcher's) and a principal per service. */
    static final List<String> USERS = List.of(ADMIN, "ingest", "scoring", "objection", "query");

    /** A service of the platform: its name (also its Kafka principal), main class and port offset. */
    private record Service(String name, Class<?> main, int offset) {}

    private static final List<Service> SERVICES = List.of(
            new Service("ingest", IngestApplication.class, 100),
            new Service("scoring", ScoringApplication.class, 110),
            new Service("objection", ObjectionApplication.class, 120),
            new Service("query", QueryApplication.class, 130));

    private final ClusterOptions options;
    private final Properties secrets;
    private final ClusterProcesses processes;
    private final Map<String, List<URI>> urls = new LinkedHashMap<>();
    private LocalPostgres postgres;
    private URI console;

    private LocalCluster(ClusterOptions options, Properties secrets) {
        this.options = options;
        this.secrets = secrets;
        this.processes = new ClusterProcesses(options.dataDir().resolve("logs"));
    }

    Map<String, List<URI>> urls() {
        return urls;
    }

    URI consoleUrl() {
        return console;
    }

    /** Where the brokers take clients, e.g. {@code 127.0.0.1:19001,127.0.0.1:19002,127.0.0.1:19003}. */
    String bootstrapServers() {
        return options.bootstrap();
    }

    /** PostgreSQL's JDBC URL (user postgres, no password: the embedded server trusts local connections). */
    String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /**
     * The environment a tool of a service (the replay, the checksum) needs to reach this cluster as that service's
     * principal: docs/operations.md "Configuration" variables.
     */
    Map<String, String> clientEnvironment(String principal) {
        return Map.of(
                "INTEGRITY_KAFKA_BOOTSTRAP",
                options.bootstrap(),
                "INTEGRITY_JDBC_URL",
                postgres.jdbcUrl(),
                "INTEGRITY_KAFKA_CREATE_TOPICS",
                "false",
                "SPRING_KAFKA_SECURITY_PROTOCOL",
                "SASL_PLAINTEXT",
                "SPRING_KAFKA_PROPERTIES_SASL_MECHANISM",
                "SCRAM-SHA-512",
                "SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG",
                (String) LocalKafka.clientLogin(principal, secrets.getProperty("password." + principal))
                        .get("sasl.jaas.config"));
    }

    /** Client settings to log in as {@code user} ({@code admin} or a service's principal). */
    Map<String, Object> login(String user) {
        Map<String, Object> props =
                new HashMap<>(LocalKafka.clientLogin(user, secrets.getProperty("password." + user)));
        props.put("bootstrap.servers", options.bootstrap());
        return props;
    }

    /** The processes of the brokers ({@code kafka-1}…) and the service instances ({@code ingest-0}…), by name. */
    Map<String, Process> parts() {
        return processes.parts();
    }

    /** Kills the part at once (SIGKILL), as a crash would. */
    void kill(String name) throws InterruptedException {
        processes.kill(name);
    }

    /** Starts a killed part again with its first command, and waits until it serves (a broker: rejoined). */
    void restart(String name) {
        Path log = processes.log(name);
        long startsBefore = started(log, name);
        processes.relaunch(name);
        if (name.startsWith("kafka-")) {
            // the dead node stays registered for a few seconds: wait for the new process's own word
            awaitTrue(name + " started again", Duration.ofMinutes(2), () -> started(log, name) > startsBefore);
        } else if (name.equals("console")) {
            awaitReady(console);
        } else {
            String service = name.substring(0, name.indexOf('-'));
            awaitReady(urls.get(service).get(Integer.parseInt(name.substring(name.indexOf('-') + 1))));
        }
    }

    /** How many times the node of this log has said it started ({@link ClusterNode}). */
    private static long started(Path log, String name) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            String said = "kafka node " + name.substring("kafka-".length()) + " started";
            return lines.filter(l -> l.startsWith(said)).count();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** Stops PostgreSQL (fast shutdown: its clients see their connections close). */
    void stopPostgres() {
        postgres.close();
    }

    /** Starts PostgreSQL again on the same data and port. */
    void startPostgres() {
        postgres = LocalPostgres.start(options.dataDir(), options.basePort() + 20, 400);
    }

    static LocalCluster start(ClusterOptions o, PrintStream out) {
        Instant t0 = Instant.now();
        LocalCluster cluster = new LocalCluster(o, secrets(o));
        try {
            cluster.startKafka(out);
            cluster.postgres = LocalPostgres.start(o.dataDir(), o.basePort() + 20, 400);
            out.println("postgres   " + cluster.postgres.jdbcUrl());
            // every instance at once (each migrates its own schema; Flyway locks it against the other instance),
            // then each awaited in turn
            Map<String, URI> starting = new LinkedHashMap<>();
            for (Service s : SERVICES) {
                for (int i = 0; i < o.instances() && o.services().contains(s.name()); i++) {
                    starting.put(s.name() + "-" + i, cluster.startService(s, i));
                }
            }
            starting.forEach((name, url) -> {
                awaitReady(url);
                cluster.urls
                        .computeIfAbsent(name.substring(0, name.indexOf('-')), k -> new ArrayList<>())
                        .add(url);
                out.printf("%-11s %s%n", name, url);
            });
            if (o.services().contains("console")) {
                cluster.startConsole(out);
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        out.printf("cluster ready in %s%n", Duration.between(t0, Instant.now()).truncatedTo(ChronoUnit.SECONDS));
        return cluster;
    }

    /** The cluster id and the SCRAM passwords, made once for a data directory and kept in it (readable by its owner). */
    private static Properties secrets(ClusterOptions o) {
        try {
            if (o.fresh() && Files.exists(o.dataDir())) {
                try (Stream<Path> files = Files.walk(o.dataDir())) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(o.dataDir().resolve("logs"));
            Path file = o.dataDir().resolve("cluster-secrets.properties");
            Properties secrets = new Properties();
            if (Files.exists(file)) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    secrets.load(r);
                }
                return secrets;
            }
            SecureRandom random = new SecureRandom();
            secrets.setProperty("cluster.id", Uuid.randomUuid().toString());
            for (String user : USERS) {
                byte[] bytes = new byte[24];
                random.nextBytes(bytes);
                secrets.setProperty(
                        "password." + user,
                        Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                secrets.store(w, "run.sh cluster: the cluster id and the SCRAM passwords of this data directory");
            }
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return secrets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startKafka(PrintStream out) {
        for (LocalKafka.Node node : options.nodes()) {
            processes.launch(
                    "kafka-" + node.id(),
                    LocalStack.class,
                    List.of("-Xmx768m"),
                    List.of(
                            "cluster-node",
                            "--node-id=" + node.id(),
                            "--brokers=" + options.brokers(),
                            "--base-port=" + options.basePort(),
                            "--data-dir=" + options.dataDir().resolve("kafka-" + node.id()),
                            "--secrets=" + options.dataDir().resolve("cluster-secrets.properties")),
                    Map.of());
        }
        try (Admin admin = Admin.create(login(ADMIN))) {
            awaitTrue(
                    "the brokers form a cluster",
                    Duration.ofMinutes(2),
                    () -> admin.describeCluster()
                                    .nodes()
                                    .get(5, TimeUnit.SECONDS)
                                    .size()
                            == options.brokers());
            // the topics, as the services would create them (they may not: their principals have no CREATE)
            short replicas = (short) Math.min(3, options.brokers());
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : IntegrityTopics.ALL) {
                topics.add(t.newTopic(replicas));
                topics.add(t.deadLetterNewTopic(replicas));
            }
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + t.name() + ": " + e.getCause(), e);
                    }
                }
            }
            var acls = KafkaAccess.bindings(
                    new KafkaAccess.Principals("User:ingest", "User:scoring", "User:objection", "User:query"));
            admin.createAcls(acls).all().get();
            awaitTrue(
                    "the ACLs reach the authorizer",
                    Duration.ofSeconds(30),
                    () -> admin.describeAcls(AclBindingFilter.ANY)
                                    .values()
                                    .get()
                                    .size()
                            >= acls.size());
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot prepare the cluster: " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        out.printf(
                "kafka      %s  (%d nodes, SASL/SCRAM; users and passwords in %s)%n",
                options.bootstrap(), options.brokers(), options.dataDir().resolve("cluster-secrets.properties"));
    }

    private URI startService(Service s, int instance) {
        int port = options.basePort() + s.offset() + instance;
        String jdbc = postgres.jdbcUrl();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--" + IntegritySecurityConfiguration.LOCAL_MODE + "=true",
                "--logging.level.org.apache.kafka=WARN",
                "--spring.kafka.bootstrap-servers=" + options.bootstrap(),
                "--spring.kafka.security.protocol=SASL_PLAINTEXT",
                "--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
                "--integrity.kafka.replication-factor=" + Math.min(3, options.brokers()),
                "--integrity.kafka.create-topics=false", // made above; the principals may not create topics
                "--spring.kafka.consumer.properties.session.timeout.ms=10000",
                "--spring.r2dbc.url=" + jdbc.replaceFirst("^jdbc:", "r2dbc:"),
                "--spring.flyway.url=" + jdbc,
                "--integrity.person-keys.url=http://127.0.0.1:" + (options.basePort() + 100)));
        // the password in the environment, which only its owner can read, not on the command line, which anyone can
        Map<String, String> env = Map.of("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", (String)
                LocalKafka.clientLogin(s.name(), secrets.getProperty("password." + s.name()))
                        .get("sasl.jaas.config"));
        processes.launch(s.name() + "-" + instance, s.main(), List.of("-Xmx512m"), args, env);
        return URI.create("http://127.0.0.1:" + port);
    }

    private void startConsole(PrintStream out) {
        int port = options.basePort() + 140;
        processes.launch(
                "console",
                ConsoleApplication.class,
                List.of("-Xmx384m"),
                List.of(
                        "--server.port=" + port,
                        "--integrity.console.local-mode=true",
                        "--integrity.console.ingest-url=" + urls.get("ingest").get(0),
                        "--integrity.console.objection-url="
                                + urls.get("objection").get(0),
                        "--integrity.console.query-url=" + urls.get("query").get(0)),
                Map.of());
        console = URI.create("http://127.0.0.1:" + port);
        awaitReady(console);
        out.printf("%n  信用监测工作台 (the console): open %s in a browser%n%n", console);
    }

    /** Stops the console and the services, then the brokers (each tier 30 s, then killed), then PostgreSQL. */
    @Override
    public void close() {
        processes.stopAll();
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** {@code run.sh cluster}: starts, prints, and waits for Ctrl-C. */
    static void run(String... args) throws InterruptedException {
        ClusterOptions options = ClusterOptions.parse(args);
        // the launcher's admin client warns at every retry while the brokers come up; their own logs are in logs/
        if (LoggerFactory.getLogger("org.apache.kafka") instanceof Logger kafka) {
            kafka.setLevel(Level.ERROR);
        }
        LocalCluster cluster = start(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("stopping the cluster…");
                            cluster.close();
                            stopped.countDown();
                        },
                        "local-cluster-stop"));
        System.out.println(
                "Ctrl-C stops everything. Data and logs: " + options.dataDir().toAbsolutePath());
        stopped.await();
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(String what, Duration within, Check check) {
        Instant deadline = Instant.now().plus(within);
        Exception last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
        throw new IllegalStateException("waited " + within + " for " + what + (last == null ? "" : ": " + last));
    }

    private static void awaitReady(URI service) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5))
                .build();
        awaitTrue( // eight services, three brokers and PostgreSQL starting at once on two cores take 2.5-3.5 min
                service + " ready",
                Duration.ofMinutes(6),
                () -> http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
