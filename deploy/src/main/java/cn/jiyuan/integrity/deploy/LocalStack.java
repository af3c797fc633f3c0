package cn.jiyuan.integrity.deploy;

import cn.jiyuan.integrity.console.ConsoleApplication;
import cn.jiyuan.integrity.ingest.IngestApplication;
import cn.jiyuan.integrity.objection.ObjectionApplication;
import cn.jiyuan.integrity.query.QueryApplication;
import cn.jiyuan.integrity.scoring.ScoringApplication;
import cn.jiyuan.integrity.support.IntegritySupportAutoConfiguration;
import cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration;
import cn.jiyuan.integrity.support.security.LocalTokens;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system on one machine with embedded defaults: a real KRaft Kafka broker, a real PostgreSQL (embedded, or
 * an external one) and every service, in one process; Ctrl-C stops everything cleanly. Data lives in one directory
 * between runs. The launcher's other commands (tokens, replay, benchmarks, the cluster mode) are {@link LauncherCommands}.
 * See README "The two commands".
 */
public final class LocalStack implements AutoCloseable {

    /** How many seconds the JDK's HTTP client keeps an idle connection (1,200 unless set). */
    private static final String KEEP_ALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";

    /** How long a service may take to become ready, and how often the wait is reported. */
    private static final Duration READY_WITHIN = Duration.ofMinutes(15);

    private static final Duration STILL_STARTING = Duration.ofSeconds(30);

    /** Command-line options; every one has a local default. */
    record Options(
            Path dataDir,
            boolean fresh,
            boolean demo,
            int kafkaPort,
            int controllerPort,
            int postgresPort,
            int ingestPort,
            int scoringPort,
            int objectionPort,
            int queryPort,
            int consolePort,
            String externalKafka,
            String externalJdbcUrl,
            Set<String> services) {

        /** The services the stack can run, in start order. */
        static final List<String> ALL_SERVICES = List.of("ingest", "scoring", "objection", "query", "console");

        static Options parse(String... args) {
            Path dataDir = Path.of("data");
            boolean fresh = false;
            boolean demo = false;
            int kafkaPort = 9092;
            int controllerPort = 9093;
            int postgresPort = 54329;
            int ingestPort = 8081;
            int scoringPort = 8082;
            int objectionPort = 8083;
            int queryPort = 8084;
            int consolePort = 8080;
            String kafka = System.getenv("INTEGRITY_KAFKA_BOOTSTRAP");
            String jdbc = System.getenv("INTEGRITY_JDBC_URL");
            Set<String> services = new LinkedHashSet<>(ALL_SERVICES);
            for (String arg : args) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                switch (name) {
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--fresh" -> fresh = true;
                    case "--demo" -> demo = true;
                    case "--kafka-port" -> kafkaPort = Integer.parseInt(value);
                    case "--kafka-controller-port" -> controllerPort = Integer.parseInt(value);
                    case "--postgres-port" -> postgresPort = Integer.parseInt(value);
                    case "--ingest-port" -> ingestPort = Integer.parseInt(value);
                    case "--scoring-port" -> scoringPort = Integer.parseInt(value);
                    case "--objection-port" -> objectionPort = Integer.parseInt(value);
                    case "--query-port" -> queryPort = Integer.parseInt(value);
                    case "--console-port" -> consolePort = Integer.parseInt(value);
                    case "--external-kafka" -> kafka = value;
                    case "--external-postgres" -> jdbc = value;
                    case "--services" -> services = services(value);
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
                }
            }
            if (demo && !services.containsAll(List.of("ingest", "objection"))) {
                throw new IllegalArgumentException(
                        "--demo loads through the ingest and objection services: start them");
            }
            return new Options(
                    dataDir,
                    fresh,
                    demo,
                    kafkaPort,
                    controllerPort,
                    postgresPort,
                    ingestPort,
                    scoringPort,
                    objectionPort,
                    queryPort,
                    consolePort,
                    kafka,
                    jdbc,
                    Set.copyOf(services));
        }

        private static Set<String> services(String list) {
            Set<String> chosen = new LinkedHashSet<>();
            for (String s : list.split(",")) {
                if (!ALL_SERVICES.contains(s.trim())) {
                    throw new IllegalArgumentException("unknown service " + s + " (known: " + ALL_SERVICES + ")");
                }
                chosen.add(s.trim());
            }
            return chosen;
        }
    }

    static final String USAGE = """
            usage: run.sh [--demo] [--fresh] [--data-dir=data] [--console-port=8080] [--ingest-port=8081]
                          [--scoring-port=8082] [--objection-port=8083] [--query-port=8084]
                          [--kafka-port=9092] [--kafka-controller-port=9093] [--postgres-port=54329]
                          [--external-kafka=host:9092] [--external-postgres=jdbc:postgresql://host:5432/db]
                          [--services=ingest,scoring,objection,query,console]   (a subset, e.g. for a benchmark)
            """ + LauncherCommands.usage() + "       run.sh --help";

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** What runs where, printed once everything is ready, after the console's address. */
    private final List<String> parts = new ArrayList<>();

    private final URI ingestUrl;
    private final URI scoringUrl;
    private final URI objectionUrl;
    private final URI queryUrl;
    private final URI consoleUrl;

    /** The services' clock: the system's, or a test's movable one. */
    private final Clock clock;

    private LocalStack(Options o, PrintStream out, Clock clock, List<String> extraArgs) {
        this.clock = clock;
        try {
            if (o.fresh() && Files.exists(o.dataDir())) {
                try (Stream<Path> files = Files.walk(o.dataDir())) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(o.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant t0 = Instant.now();
        out.println("starting Kafka, PostgreSQL and the services…");
        String bootstrap = o.externalKafka();
        if (bootstrap == null) {
            LocalKafka kafka = LocalKafka.start(o.dataDir(), o.kafkaPort(), o.controllerPort());
            started.push(kafka);
            bootstrap = kafka.bootstrapServers();
            parts.add(String.format("kafka      %s (KRaft, %s)", bootstrap, Duration.between(t0, Instant.now())));
        }
        String jdbc = o.externalJdbcUrl();
        if (jdbc == null) {
            LocalPostgres postgres = LocalPostgres.start(o.dataDir(), o.postgresPort());
            started.push(postgres);
            jdbc = postgres.jdbcUrl();
            parts.add("postgres   " + jdbc);
        }
        List<String> common = new ArrayList<>(List.of(
                "--" + IntegritySecurityConfiguration.LOCAL_MODE + "=true",
                "--logging.level.org.apache.kafka=WARN",
                "--logging.level.kafka=WARN",
                "--logging.level.io.zonky=WARN",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--spring.r2dbc.url=" + jdbc.replaceFirst("^jdbc:", "r2dbc:"),
                "--spring.flyway.url=" + jdbc,
                // the query service opens names with keys from the ingest service's key store
                "--integrity.person-keys.url=http://127.0.0.1:" + o.ingestPort(),
                // One process holds every consumer of a group here: after a crash (kill -9) the dead members are
                // dropped after 10 s instead of Kafka's 45, and the restarted stack gets its partitions that much
                // sooner (its readiness waits for them).
                "--spring.kafka.consumer.properties.session.timeout.ms=10000"));
        common.addAll(extraArgs);
        ingestUrl = startIfChosen(o, "ingest", IngestApplication.class, o.ingestPort(), common, out);
        scoringUrl = startIfChosen(o, "scoring", ScoringApplication.class, o.scoringPort(), common, out);
        objectionUrl = startIfChosen(o, "objection", ObjectionApplication.class, o.objectionPort(), common, out);
        queryUrl = startIfChosen(o, "query", QueryApplication.class, o.queryPort(), common, out);
        consoleUrl = startConsole(o, out);
        // the banner: the console first, the address people open; then what runs behind it
        if (consoleUrl != null) {
            out.printf("%n  信用监测工作台 (the console): open %s in a browser%n%n", consoleUrl);
        }
        parts.forEach(out::println);
        out.printf("ready in %s%n", Duration.between(t0, Instant.now()));
    }

    /** The console, in local mode (the demo identities' sign-in), calling the services started here. */
    private URI startConsole(Options o, PrintStream out) {
        if (!o.services().contains("console")) {
            return null;
        }
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + o.consolePort(),
                "--integrity.console.local-mode=true",
                "--logging.level.org.apache.kafka=WARN"));
        if (ingestUrl != null) {
            args.add("--integrity.console.ingest-url=" + ingestUrl);
        }
        if (objectionUrl != null) {
            args.add("--integrity.console.objection-url=" + objectionUrl);
        }
        if (queryUrl != null) {
            args.add("--integrity.console.query-url=" + queryUrl);
        }
        ConfigurableApplicationContext context =
                ConsoleApplication.application().run(args.toArray(String[]::new));
        started.push(context);
        URI url = URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort());
        awaitReady(url, out);
        return url;
    }

    /** Starts the service if chosen, waits until it is ready and prints where it answers; null if not chosen. */
    private URI startIfChosen(Options o, String name, Class<?> app, int port, List<String> common, PrintStream out) {
        if (!o.services().contains(name)) {
            return null;
        }
        ConfigurableApplicationContext context = startService(app, common, "--server.port=" + port);
        started.push(context);
        URI url = URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort());
        awaitReady(url, out);
        parts.add(String.format(
                "%-10s %s  (OpenAPI %s/v3/api-docs, health %s/actuator/health, metrics %s/actuator/prometheus)",
                name, url, url, url, url));
        return url;
    }

    private ConfigurableApplicationContext startService(Class<?> app, List<String> common, String... extra) {
        List<String> args = new ArrayList<>(common);
        args.addAll(Arrays.asList(extra));
        return new SpringApplicationBuilder(app)
                .initializers(context -> context.getBeanFactory().registerSingleton("integrityClock", clock))
                .run(args.toArray(String[]::new));
    }

    /**
     * Waits until the service's readiness group is UP (for ingest: the unit directory has been read), saying every
     * {@link #STILL_STARTING} that it still waits. At a province's size the query service takes minutes (it reads back
     * 25 million records and evaluates today: 2.5 min on 2026-11-30, when the wait was 2 minutes and the launcher gave
     * up while the service went on starting).
     */
    private static void awaitReady(URI service, PrintStream out) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/actuator/health/readiness"))
                .build();
        Instant started = Instant.now();
        Instant deadline = started.plus(READY_WITHIN);
        Instant nextWord = started.plus(STILL_STARTING);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
                Thread.sleep(200);
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service, e);
            }
            if (Instant.now().isAfter(nextWord)) {
                out.printf(
                        "still starting: %s (%d s; with a province's data this takes minutes)%n",
                        service, Duration.between(started, Instant.now()).toSeconds());
                nextWord = nextWord.plus(STILL_STARTING);
            }
        }
        throw new IllegalStateException(service + " did not become ready within " + READY_WITHIN);
    }

    /**
     * The stack on the system's clock, or moved on by {@code INTEGRITY_CLOCK_OFFSET} (a duration such as {@code PT13H})
     * to rehearse a time of day, midnight in China say, without waiting for it.
     */
    public static LocalStack start(Options options, PrintStream out) {
        Clock clock = IntegritySupportAutoConfiguration.clock(clockOffset(), true);
        return new LocalStack(options, out, clock, List.of());
    }

    /** How far a rehearsal moves the services' clock on: {@code INTEGRITY_CLOCK_OFFSET}, or zero. */
    static Duration clockOffset() {
        String offset = System.getenv("INTEGRITY_CLOCK_OFFSET");
        return offset == null || offset.isBlank() ? Duration.ZERO : Duration.parse(offset);
    }

    /** For tests: the services on {@code clock}, with more arguments for every service. */
    static LocalStack start(Options options, PrintStream out, Clock clock, String... serviceArgs) {
        return new LocalStack(options, out, clock, List.of(serviceArgs));
    }

    URI ingestUrl() {
        return ingestUrl;
    }

    URI scoringUrl() {
        return scoringUrl;
    }

    URI objectionUrl() {
        return objectionUrl;
    }

    URI queryUrl() {
        return queryUrl;
    }

    URI consoleUrl() {
        return consoleUrl;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        // the launcher's own clients (demo data, chaos, load tools) let an idle connection go before a service closes
        // it (10 s without a request, integrity.http.header-timeout): a request sent on one as it closes fails
        if (System.getProperty(KEEP_ALIVE_PROPERTY) == null) {
            System.setProperty(KEEP_ALIVE_PROPERTY, "5");
        }
        if (args.length > 0 && List.of("--help", "-h", "help").contains(args[0])) {
            System.out.println(USAGE);
            return;
        }
        if (args.length > 0) {
            var command = LauncherCommands.named(args[0]);
            if (command.isPresent()) {
                int code = command.get().work().run(Arrays.copyOfRange(args, 1, args.length));
                if (command.get().exits()) {
                    System.exit(code);
                }
                return;
            }
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage()); // the message carries the usage
            System.exit(2);
            return;
        }
        LauncherCommands.quietenBrokerLogs();
        LocalStack stack = start(options, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("stopping…");
                            stack.close();
                            stopped.countDown();
                        },
                        "local-stack-stop"));
        if (options.demo()) {
            new DemoData(stack.ingestUrl(), stack.objectionUrl(), System.out).load(DemoData.today());
        }
        printTokens(System.out);
        System.out.println("Ctrl-C stops everything. Data: " + options.dataDir().toAbsolutePath());
        stopped.await();
    }

    private static void printTokens(PrintStream out) {
        LocalTokens tokens = LocalTokens.withDefaultSecret();
        out.println("tokens (12 h; more with: ./deploy/run.sh token --org ORG --roles ROLE):");
        String[][] who = {
            {"XYB", "CREDIT_OFFICE"},
            {"JGW", "PROVIDER"},
            {"SFY", "PROVIDER"},
            {"KJZ", "UNIT"},
            {"DCB", "CONSUMER"},
            {"XYB", "OPERATOR"}
        };
        for (String[] w : who) {
            out.printf(
                    "  %-6s %-13s %s%n",
                    w[0], w[1], tokens.mint(w[0].toLowerCase() + "-local", w[0], List.of(w[1]), Duration.ofHours(12)));
        }
    }
}
