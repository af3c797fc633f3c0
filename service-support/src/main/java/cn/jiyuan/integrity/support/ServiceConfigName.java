package cn.jiyuan.integrity.support;

import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Sets {@code spring.config.name} from the application's {@link ServiceConfig} before Boot reads its configuration
 * files (unless it is set explicitly). Runs first among the environment post-processors.
 */
public class ServiceConfigName implements EnvironmentPostProcessor, Ordered {

    private static final String DEFAULT_PROPERTIES = "defaultProperties";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.config.name")) {
            return;
        }
        for (Object source : application.getAllSources()) {
            if (source instanceof Class<?> type && type.isAnnotationPresent(ServiceConfig.class)) {
                String name = type.getAnnotation(ServiceConfig.class).value();
                PropertySource<?> existing = environment.getPropertySources().get(DEFAULT_PROPERTIES);
                Map<String, Object> merged = new HashMap<>();
                if (existing instanceof MapPropertySource map) {
                    merged.putAll(map.getSource());
                }
                merged.put("spring.config.name", name);
                MapPropertySource defaults = new MapPropertySource(DEFAULT_PROPERTIES, merged);
                if (existing != null) {
                    environment.getPropertySources().replace(DEFAULT_PROPERTIES, defaults);
                } else {
                    environment.getPropertySources().addLast(defaults);
                }
                return;
            }
        }
    }
}
