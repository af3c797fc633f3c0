package cn.jiyuan.integrity.scoring.replay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/** The operators' command-line tools: {@code replay} and {@code checksum} (docs/operations.md "Replay and checksum"). */
public final class Commands {

    private static final Set<String> COMMANDS = Set.of("replay", "checksum");

    private Commands() {}

    public static boolean isCommand(String arg) {
        return COMMANDS.contains(arg);
    }

    /**
     * Runs a command with the service's configuration (the same properties and environment variables), in a context of
     * {@code application}: the service's application class, which this package does not depend on.
     */
    public static int run(Class<?> application, String[] args) {
        String command = args[0];
        List<String> springArgs = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        springArgs.add("--scoring.live=false");
        // No consumer in a tool, hence no consumer health contributor in the readiness group.
        springArgs.add("--management.endpoint.health.validate-group-membership=false");
        springArgs.add("--spring.main.banner-mode=off");
        // A tool needs no HTTP client. Where Boot's reactive HTTP client is on the classpath (the local stack's JVM,
        // with the console) it would own a ReactorResourceFactory, and closing the tool would shut down the Netty
        // event loops every service in that JVM serves on.
        springArgs.add("--spring.autoconfigure.exclude="
                + "org.springframework.boot.http.client.autoconfigure.reactive.ReactiveHttpClientAutoConfiguration,"
                + "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            String schema = context.getEnvironment().getProperty("spring.flyway.default-schema", "scoring");
            DatabaseClient db = context.getBean(DatabaseClient.class);
            return switch (command) {
                case "checksum" -> {
                    String target = context.getEnvironment().getProperty("schema", schema);
                    System.out.println("projection " + target + ":");
                    System.out.println(Checksum.of(db, target).describe());
                    yield 0;
                }
                case "replay" -> Replay.fromContext(context, schema).run(context.getEnvironment(), System.out);
                default -> 2;
            };
        }
    }
}
