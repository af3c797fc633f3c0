package cn.jiyuan.integrity.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code integrity-defaults.properties} as the lowest-priority property source of every service: the Kafka serde
 * and durability settings, actuator exposure, structured logging, the local JWT secret. Any of them can be overridden
 * by the service's own configuration, the environment or the command line.
 */
public class IntegrityDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "integrity-defaults.properties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            environment
                    .getPropertySources()
                    .addLast(new ResourcePropertySource("integrityDefaults", new ClassPathResource(RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
