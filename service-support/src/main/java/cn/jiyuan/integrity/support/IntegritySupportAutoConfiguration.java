package cn.jiyuan.integrity.support;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import cn.jiyuan.integrity.support.kafka.IntegrityKafkaProperties;
import cn.jiyuan.integrity.support.kafka.KafkaHealth;
import cn.jiyuan.integrity.support.problems.ProblemHandling;
import cn.jiyuan.integrity.support.problems.ProblemWriter;
import cn.jiyuan.integrity.support.web.PlainRequestFilter;
import cn.jiyuan.integrity.support.web.SlowClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

/** Beans every service gets by depending on service-support. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties({
    IntegrityKafkaProperties.class,
    cn.jiyuan.integrity.support.retention.RetentionProperties.class
})
public class IntegritySupportAutoConfiguration {

    /** The services' clock (recordedAt, evaluation dates, deadlines); tests give a movable one instead. */
    @Bean
    @ConditionalOnMissingBean
    java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }

    /** The indicator catalogs of the measures, every version (rules library). */
    @Bean
    @ConditionalOnMissingBean
    cn.jiyuan.integrity.rules.catalog.Catalogs catalogs() {
        return cn.jiyuan.integrity.rules.catalog.Catalogs.standard();
    }

    /** China's working days (SCORING.md §2): deadlines, 公示. */
    @Bean
    @ConditionalOnMissingBean
    cn.jiyuan.integrity.rules.calendar.WorkdayCalendar workdayCalendar() {
        return cn.jiyuan.integrity.rules.calendar.WorkdayCalendar.standard();
    }

    /** Which years the working-day calendar covers, in health and metrics (audit D6). */
    @Bean("workdayCalendarHealthIndicator")
    CalendarHealth workdayCalendarHealthIndicator(java.time.Clock clock) {
        return new CalendarHealth(cn.jiyuan.integrity.rules.calendar.WorkdayCalendar.standard(), clock);
    }

    @Bean
    ProblemWriter integrityProblemWriter(ObjectProvider<JsonMapper> json) {
        return new ProblemWriter(json.getIfAvailable(() -> JsonMapper.builder().build()));
    }

    @Bean
    ProblemHandling integrityProblemHandling() {
        return new ProblemHandling();
    }

    /** Control characters in a path or a query parameter are 400, like in a body. */
    @Bean
    PlainRequestFilter integrityPlainRequestFilter(ProblemWriter problems) {
        return new PlainRequestFilter(problems);
    }

    /** Slow or silent clients do not hold connections (header deadline, body read timeout). */
    @Bean
    @ConditionalOnClass(name = "reactor.netty.http.server.HttpServer")
    NettyServerCustomizer integritySlowClientLimits(Environment environment) {
        return SlowClients.limits(
                environment.getProperty("integrity.http.header-timeout", Duration.class, Duration.ofSeconds(10)),
                environment.getProperty("integrity.http.read-timeout", Duration.class, Duration.ofSeconds(30)));
    }

    /** "kafka" in health and readiness: whether the cluster answers. */
    @Bean("kafkaHealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    @ConditionalOnBean(org.springframework.boot.kafka.autoconfigure.KafkaProperties.class)
    KafkaHealth kafkaHealthIndicator(org.springframework.boot.kafka.autoconfigure.KafkaProperties kafka) {
        return new KafkaHealth(kafka.buildAdminProperties(), Duration.ofSeconds(5));
    }

    /** Every topic of API.md and its dead-letter topic, created (if missing) by whichever service starts first. */
    @Bean
    KafkaAdmin.NewTopics integrityTopics(IntegrityKafkaProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic topic : IntegrityTopics.ALL) {
            topics.add(topic.newTopic(properties.replicationFactor()));
            topics.add(topic.deadLetterNewTopic(properties.replicationFactor()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
