package cn.jiyuan.integrity.console;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * 信用监测工作台: server-rendered pages (Thymeleaf, htmx, ECharts) over the services' public APIs. It reads no
 * service's tables: the local launcher runs it in the services' JVM, so the data stores, Kafka and the services'
 * own security, all on that classpath, are switched off here by name.
 */
@SpringBootApplication(
        excludeName = {
            "cn.jiyuan.integrity.support.IntegritySupportAutoConfiguration",
            "cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.R2dbcTransactionManagerAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration",
            "org.springframework.boot.r2dbc.autoconfigure.metrics.ConnectionPoolMetricsAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive"
                    + ".ReactiveOAuth2ResourceServerAutoConfiguration"
        })
@ConfigurationPropertiesScan
public class ConsoleApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The console with its own configuration file, {@code console.yml}, whichever JVM it runs in. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(ConsoleApplication.class);
        app.setDefaultProperties(Map.of("spring.config.name", "console"));
        return app;
    }
}
