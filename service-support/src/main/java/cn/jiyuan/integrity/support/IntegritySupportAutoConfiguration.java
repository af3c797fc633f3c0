package cn.jiyuan.integrity.support;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.Topic;
import cn.jiyuan.integrity.support.kafka.IntegrityKafkaProperties;
import cn.jiyuan.integrity.support.kafka.KafkaHealth;
import cn.jiyuan.integrity.support.problems.ProblemHandling;
import cn.jiyuan.integrity.support.problems.ProblemWriter;
import cn.jiyuan.integrity.support.reference.ReferenceData;
import cn.jiyuan.integrity.support.reference.ReferenceDataFollower;
import cn.jiyuan.integrity.support.reference.ReferenceDataProperties;
import cn.jiyuan.integrity.support.retention.RetentionProperties;
import cn.jiyuan.integrity.support.security.IntegritySecurityConfiguration;
import cn.jiyuan.integrity.support.web.PlainRequestFilter;
import cn.jiyuan.integrity.support.web.SlowClients;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.json.JsonMapper;

/** Beans every service gets by depending on service-support. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties({IntegrityKafkaProperties.class, ReferenceDataProperties.class, RetentionProperties.class
})
public class IntegritySupportAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(IntegritySupportAutoConfiguration.class);

    /** Moves the services' clock on (a rehearsal of midnight, say); refused outside local mode. */
    public static final String CLOCK_OFFSET = "integrity.clock-offset";

    /**
     * The services' clock (recordedAt, evaluation dates, deadlines); tests give a movable one instead. A local run may
     * move it on by {@link #CLOCK_OFFSET} to rehearse a time of day (midnight in China at a province's scale) without
     * waiting for it; anywhere else the recorded times would be forged, so the service refuses to start.
     */
    @Bean
    @ConditionalOnMissingBean
    Clock clock(Environment environment) {
        return clock(
                environment.getProperty(CLOCK_OFFSET, Duration.class, Duration.ZERO),
                environment.getProperty(IntegritySecurityConfiguration.LOCAL_MODE, Boolean.class, false));
    }

    /** The system's clock moved on by {@code offset} (refused unless {@code localMode}, or if negative). */
    public static Clock clock(Duration offset, boolean localMode) {
        if (offset.isZero()) {
            return Clock.systemUTC();
        }
        if (!localMode || offset.isNegative()) {
            throw new IllegalStateException(CLOCK_OFFSET + " is " + offset
                    + ": only a local run (" + IntegritySecurityConfiguration.LOCAL_MODE
                    + "=true) may move the services' clock, and only on (a recorded time is never set back)");
        }
        LOG.warn(
                "the services' clock runs {} ahead ({}): a local rehearsal, not a record of real time",
                offset,
                CLOCK_OFFSET);
        return Clock.offset(Clock.systemUTC(), offset);
    }

    /**
     * The calendar and the catalogs in force: the rules library's data with the credit office's uploads laid over it
     * (issue 16 §5). Without Kafka (a test of this module's web parts) it stays the shipped data.
     */
    @Bean
    @ConditionalOnMissingBean
    ReferenceData referenceData() {
        return new ReferenceData(WorkdayCalendar.standard(), Catalogs.standard());
    }

    /** The indicator catalogs of the measures, every version, as uploaded up to now (a view: never stale). */
    @Bean
    @ConditionalOnMissingBean
    Catalogs catalogs(ReferenceData data) {
        return data.catalogs();
    }

    /** China's working days (SCORING.md §2), as uploaded up to now (a view: never stale): deadlines, 公示. */
    @Bean
    @ConditionalOnMissingBean
    WorkdayCalendar workdayCalendar(ReferenceData data) {
        return data.calendar();
    }

    /** Reads the uploads before the service starts serving, and follows them ("referenceData" in health). */
    @Bean("referenceDataHealthIndicator")
    @ConditionalOnBean(KafkaProperties.class)
    ReferenceDataFollower referenceDataFollower(
            ReferenceData data, KafkaProperties kafka, ReferenceDataProperties properties) {
        return new ReferenceDataFollower(data, kafka, properties.loadTimeout());
    }

    /** Which years the working-day calendar covers, in health and metrics (audit D6). */
    @Bean("workdayCalendarHealthIndicator")
    CalendarHealth workdayCalendarHealthIndicator(ReferenceData data, Clock clock) {
        return new CalendarHealth(data.calendar(), clock);
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
    @ConditionalOnBean(KafkaProperties.class)
    KafkaHealth kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealth(kafka.buildAdminProperties(), Duration.ofSeconds(5));
    }

    /**
     * Every topic of API.md and its dead-letter topic, created (if missing) by whichever service starts first — unless
     * the operator creates them ({@code integrity.kafka.create-topics=false}).
     */
    @Bean
    KafkaAdmin.NewTopics integrityTopics(IntegrityKafkaProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        if (!properties.createTopics()) {
            return new KafkaAdmin.NewTopics();
        }
        for (Topic topic : IntegrityTopics.ALL) {
            topics.add(topic.newTopic(properties.replicationFactor()));
            topics.add(topic.deadLetterNewTopic(properties.replicationFactor()));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }
}
