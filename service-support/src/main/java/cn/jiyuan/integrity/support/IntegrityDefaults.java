package cn.jiyuan.integrity.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds {@code integrity-defaults.properties} to every service at the lowest priority: the Kafka serde and durability
 * settings, actuator exposure, structured logging, the local JWT secret. They join Spring Boot's
 * {@code defaultProperties} (which Boot keeps last), so anything else — the service's own configuration, the
 * environment, the command line, {@code SpringApplication#setDefaultProperties} — overrides them.
 */
public class IntegrityDefaults implements EnvironmentPostProcessor {

    static final String RESOURCE = "integrity-defaults.properties";
    private static final String DEFAULT_PROPERTIES = "defaultProperties";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> merged = new LinkedHashMap<>();
        try {
            merged.putAll(new ResourcePropertySource(new ClassPathResource(RESOURCE)).getSource());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PropertySource<?> existing = environment.getPropertySources().get(DEFAULT_PROPERTIES);
        if (existing instanceof MapPropertySource map) {
            merged.putAll(map.getSource()); // the application's own defaults win over ours
            environment
                    .getPropertySources()
                    .replace(DEFAULT_PROPERTIES, new MapPropertySource(DEFAULT_PROPERTIES, merged));
        } else {
            environment.getPropertySources().addLast(new MapPropertySource(DEFAULT_PROPERTIES, merged));
        }
    }
}
