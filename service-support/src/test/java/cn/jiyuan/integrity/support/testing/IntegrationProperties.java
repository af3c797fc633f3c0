package cn.jiyuan.integrity.support.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Points a service under test at the shared broker and at its own fresh schema of the machine's PostgreSQL. */
public final class IntegrationProperties {

    private IntegrationProperties() {}

    public static void register(DynamicPropertyRegistry registry, String service) {
        registerKafka(registry, SharedKafka.bootstrapServers());
        registerDatabase(registry, SharedPostgres.schemaFor(service));
    }

    public static void registerKafka(DynamicPropertyRegistry registry, String bootstrapServers) {
        registry.add("spring.kafka.bootstrap-servers", () -> bootstrapServers);
        registry.add("server.port", () -> "0");
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
