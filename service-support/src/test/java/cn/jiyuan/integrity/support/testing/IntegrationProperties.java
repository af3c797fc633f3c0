package cn.jiyuan.integrity.support.testing;

import cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a service under test at the shared broker and at its own fresh schema of the machine's PostgreSQL, in local
 * mode (the built-in token secret).
 */
public final class IntegrationProperties {

    private IntegrationProperties() {}

    public static void register(DynamicPropertyRegistry registry, String service) {
        registerKafka(registry, SharedKafka.bootstrapServers());
        registerDatabase(registry, SharedPostgres.schemaFor(service));
    }

    /**
     * The same settings as command-line arguments, for a service started (and restarted) by the test itself:
     * arguments rank above application.yml, as a deployment's would. A killed child stays in its consumer group until
     * its session times out, so a restarted one waits 10 s for its partitions instead of Kafka's default 45 s (as in
     * the launcher's local stack).
     */
    public static String[] arguments(String bootstrapServers, String schema, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--" + IntegritySecurityConfiguration.LOCAL_MODE + "=true",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.r2dbc.url=" + SharedPostgres.r2dbcUrl(),
                "--spring.r2dbc.username=" + SharedPostgres.USER,
                "--spring.r2dbc.properties.schema=" + schema,
                "--spring.flyway.url=" + SharedPostgres.jdbcUrl(),
                "--spring.flyway.user=" + SharedPostgres.USER,
                "--spring.flyway.schemas=" + schema,
                "--spring.flyway.default-schema=" + schema,
                "--spring.kafka.consumer.properties.session.timeout.ms=10000"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    public static void registerKafka(DynamicPropertyRegistry registry, String bootstrapServers) {
        registry.add("spring.kafka.bootstrap-servers", () -> bootstrapServers);
        registry.add("server.port", () -> "0");
        registry.add(IntegritySecurityConfiguration.LOCAL_MODE, () -> "true");
    }

    public static void registerDatabase(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.r2dbc.url", SharedPostgres::r2dbcUrl);
        registry.add("spring.r2dbc.username", () -> SharedPostgres.USER);
        registry.add("spring.r2dbc.properties.schema", () -> schema);
        registry.add("spring.flyway.url", SharedPostgres::jdbcUrl);
        registry.add("spring.flyway.user", () -> SharedPostgres.USER);
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.default-schema", () -> schema);
    }
}
