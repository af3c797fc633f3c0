package cn.jiyuan.integrity.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a service's own configuration file ({@code <value>.yml} on the classpath) instead of {@code application.yml}:
 * the services share one classpath in the local stack, where several {@code application.yml} would shadow each other.
 * Put it on the {@code @SpringBootApplication} class; {@link ServiceConfigName} applies it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ServiceConfig {

    /** The file name without extension, e.g. {@code scoring-service}. */
    String value();
}
