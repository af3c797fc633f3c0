package cn.jiyuan.integrity.query;

import cn.jiyuan.integrity.query.audit.AuditLog;
import cn.jiyuan.integrity.query.model.EvaluatedDays;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.query.model.RecordStore;
import cn.jiyuan.integrity.query.notices.GradeChangeNotices;
import cn.jiyuan.integrity.query.notices.NoticeMailer;
import cn.jiyuan.integrity.query.notices.NoticeProperties;
import cn.jiyuan.integrity.query.notices.NoticeRelay;
import cn.jiyuan.integrity.query.notices.NoticeStore;
import cn.jiyuan.integrity.query.notices.Notifier;
import cn.jiyuan.integrity.query.official.AnnualResults;
import cn.jiyuan.integrity.query.official.OfficialResults;
import cn.jiyuan.integrity.query.official.PublicationRelay;
import cn.jiyuan.integrity.query.reporting.ConsultationRegister;
import cn.jiyuan.integrity.query.reporting.ReportingReports;
import cn.jiyuan.integrity.query.stream.GradeChangeFeed;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.support.ServiceConfig;
import cn.jiyuan.integrity.support.audit.AuditCallerFilter;
import cn.jiyuan.integrity.support.audit.AuditFilter;
import cn.jiyuan.integrity.support.facts.LogRecords;
import cn.jiyuan.integrity.support.kafka.BatchConsumer;
import cn.jiyuan.integrity.support.kafka.DeadLetters;
import cn.jiyuan.integrity.support.work.Signal;
import cn.jiyuan.integrity.support.work.Worker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import tools.jackson.databind.json.JsonMapper;

@SpringBootApplication
@ServiceConfig("query-service")
@ConfigurationPropertiesScan
public class QueryApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryApplication.class, args);
    }

    /**
     * Results in PostgreSQL's binary format: a stored record's payload ({@code bytea}) arrives as its bytes. In the
     * text format it arrives as hex that the driver decodes with a regular expression, which was most of the time an
     * instance took to read a province's 25 million facts back at its start (docs/benchmarks/province-scale.md).
     */
    @Bean
    ConnectionFactoryOptionsBuilderCustomizer binaryResults() {
        return options -> options.option(PostgresqlConnectionFactoryProvider.FORCE_BINARY, true);
    }

    @Bean
    Signal storedSignal() {
        return new Signal();
    }

    /** Writes the input topics into unit_records: a consumer group shared by the instances. */
    @Bean
    BatchConsumer readModelWriter(
            KafkaProperties kafka,
            DatabaseClient db,
            TransactionalOperator tx,
            Signal storedSignal,
            QueryProperties properties,
            Catalogs catalogs,
            AuditLog auditLog,
            Clock clock) {
        Map<String, Object> props = BatchConsumer.consumerProperties(kafka, "query-service-writer");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        return new BatchConsumer(
                "query-read-model-writer",
                props,
                List.of(
                        IntegrityTopics.CREDIT_EVENTS.name(),
                        IntegrityTopics.UNITS.name(),
                        IntegrityTopics.UNIT_REGISTRATIONS.name(), // every change, also after UNITS has compacted
                        IntegrityTopics.OBJECTIONS.name(),
                        IntegrityTopics.AUDIT.name()),
                properties.pollTimeout(),
                properties.maxBackoff(),
                new RecordStore(
                        db,
                        tx,
                        storedSignal,
                        new LogRecords(catalogs),
                        new DeadLetters(DeadLetters.producer(kafka, "query-service-dead-letters"), "query"),
                        auditLog,
                        clock));
    }

    @Bean
    ReadModel readModel(DatabaseClient db, QueryProperties properties, MeterRegistry meters) {
        ReadModel model = new ReadModel(db, properties.cachedFacts());
        Gauge.builder("query.read.model.held.facts", model, ReadModel::heldFacts)
                .description("facts the read model holds in memory (at most query.cached-facts)")
                .register(meters);
        Gauge.builder("query.read.model.version", model, ReadModel::version)
                .description("the last seq of unit_records applied")
                .register(meters);
        return model;
    }

    /** Every instance tails the stored records into memory: woken by its writer, and on a timer for the others'. */
    @Bean
    SmartLifecycle readModelTail(
            ReadModel readModel,
            Evaluations evaluations,
            Clock clock,
            Signal storedSignal,
            QueryProperties properties) {
        Worker tail = new Worker(
                "query-read-model-tail", storedSignal, properties.tailInterval(), properties.maxBackoff(), () -> {
                    readModel.tail();
                    evaluations.warmUp(ChinaTime.dateOf(clock.instant()), properties.monthEndsAhead());
                    evaluations.storeEndedDays();
                    evaluations.evaluateNextDayAhead(properties.nextDayAhead());
                });
        return new SmartLifecycle() {
            @Override
            public void start() {
                tail.start();
                storedSignal.raise();
            }

            @Override
            public void stop() {
                tail.stop();
            }

            @Override
            public boolean isRunning() {
                return tail.isRunning();
            }
        };
    }

    @Bean
    Evaluations evaluations(
            ReadModel readModel,
            DatabaseClient db,
            Clock clock,
            Catalogs catalogs,
            QueryProperties properties,
            MeterRegistry meters) {
        return new Evaluations(
                readModel,
                new EvaluatedDays(db),
                new ScoreFold(catalogs),
                clock,
                properties.rankingMaxAge(),
                properties.fairShare().computations(),
                properties.fairShare().computationQueue(),
                meters);
    }

    @Bean
    GradeChangeFeed gradeChangeFeed(KafkaProperties kafka) {
        return new GradeChangeFeed(kafka);
    }

    /**
     * Readiness ("readModel"): the writer consumes, the memory has read what was stored and evaluated today once, the
     * feed has caught up.
     */
    @Bean
    HealthIndicator readModelHealthIndicator(
            BatchConsumer readModelWriter,
            ReadModel readModel,
            Evaluations evaluations,
            GradeChangeFeed gradeChangeFeed) {
        return () -> readModelWriter.isConsuming()
                        && readModel.isCaughtUp()
                        && evaluations.isWarmedUp()
                        && gradeChangeFeed.isCaughtUp()
                ? Health.up().withDetail("version", readModel.version()).build()
                : Health.outOfService()
                        .withDetail(
                                "writer", readModelWriter.health().getStatus().getCode())
                        .withDetail("memoryCaughtUp", readModel.isCaughtUp())
                        .withDetail("todayEvaluated", evaluations.isWarmedUp())
                        .withDetail("gradeChangesCaughtUp", gradeChangeFeed.isCaughtUp())
                        .build();
    }

    @Bean
    OfficialResults officialResults(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        return new OfficialResults(db, tx, json);
    }

    @Bean
    Signal publicationSignal() {
        return new Signal();
    }

    /** Its producer lives as long as the context: a paused context (stopped, started again) keeps it. */
    @Bean(destroyMethod = "close")
    PublicationRelay publicationRelay(OfficialResults officialResults, KafkaProperties kafka, Clock clock) {
        return new PublicationRelay(officialResults, DeadLetters.producer(kafka, "query-service-evaluations"), clock);
    }

    /** Puts publications the answer could not (Kafka away) on the topic: woken by a publication, and on a timer. */
    @Bean
    SmartLifecycle publicationRelayWorker(
            PublicationRelay publicationRelay, Signal publicationSignal, QueryProperties properties) {
        Worker worker = new Worker(
                "query-publication-relay",
                publicationSignal,
                properties.tailInterval().multipliedBy(50),
                properties.maxBackoff(),
                publicationRelay::sendPending);
        return new SmartLifecycle() {
            @Override
            public void start() {
                worker.start();
                publicationSignal.raise();
            }

            @Override
            public void stop() {
                worker.stop();
            }

            @Override
            public boolean isRunning() {
                return worker.isRunning();
            }
        };
    }

    @Bean
    ReportingReports reportingReports(ReadModel readModel, Catalogs catalogs, WorkdayCalendar calendar) {
        return new ReportingReports(readModel, catalogs, calendar);
    }

    @Bean
    ConsultationRegister consultationRegister(DatabaseClient db, TransactionalOperator tx) {
        return new ConsultationRegister(db, tx);
    }

    @Bean
    NoticeStore noticeStore(DatabaseClient db, TransactionalOperator tx) {
        return new NoticeStore(db, tx);
    }

    @Bean
    Signal noticesAdded() {
        return new Signal();
    }

    /** Notices from the stored records and the calendar, on a timer: one instance at a time reads onwards. */
    @Bean
    SmartLifecycle notifier(
            DatabaseClient db,
            TransactionalOperator tx,
            NoticeStore noticeStore,
            ReportingReports reportingReports,
            Catalogs catalogs,
            WorkdayCalendar calendar,
            Clock clock,
            NoticeProperties notices,
            Signal noticesAdded,
            Evaluations evaluations,
            QueryProperties properties) {
        Notifier notifier = new Notifier(
                db,
                tx,
                noticeStore,
                reportingReports,
                catalogs,
                calendar,
                clock,
                notices.newWithin(),
                noticesAdded,
                evaluations::isWarmedUp);
        return lifecycle(new Worker(
                "query-notifier", new Signal(), notices.interval(), properties.maxBackoff(), notifier::step));
    }

    /** A unit is told of its grade changes: a consumer group of the instances on the grade-change topic. */
    @Bean
    BatchConsumer gradeChangeNotices(
            KafkaProperties kafka,
            NoticeStore noticeStore,
            Clock clock,
            NoticeProperties notices,
            Signal noticesAdded,
            QueryProperties properties) {
        Map<String, Object> props = BatchConsumer.consumerProperties(kafka, "query-service-grade-notices");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId() + "-notices");
        return new BatchConsumer(
                "query-grade-change-notices",
                props,
                List.of(IntegrityTopics.GRADE_CHANGES.name()),
                properties.pollTimeout(),
                properties.maxBackoff(),
                new GradeChangeNotices(noticeStore, clock, notices.newWithin(), noticesAdded));
    }

    /** Its producer lives as long as the context: a paused context (stopped, started again) keeps it. */
    @Bean(destroyMethod = "close")
    NoticeRelay noticeRelay(NoticeStore noticeStore, KafkaProperties kafka, Clock clock) {
        return new NoticeRelay(noticeStore, DeadLetters.producer(kafka, "query-service-notices"), clock);
    }

    /** Notices onto their topic and, when configured, to the mail server: woken when notices are made. */
    @Bean
    SmartLifecycle noticeRelays(
            NoticeStore noticeStore,
            NoticeRelay relay,
            Clock clock,
            NoticeProperties notices,
            Signal noticesAdded,
            ObjectProvider<JavaMailSender> mail,
            QueryProperties properties) {
        JavaMailSender sender = mail.getIfAvailable();
        NoticeMailer mailer = notices.mail().on() && sender != null
                ? new NoticeMailer(
                        noticeStore,
                        sender,
                        notices.mail().from(),
                        notices.mail().recipients(),
                        clock)
                : null;
        Worker worker =
                new Worker("query-notice-relays", noticesAdded, notices.interval(), properties.maxBackoff(), () -> {
                    relay.sendPending();
                    if (mailer != null) {
                        mailer.mailPending();
                    }
                });
        return new SmartLifecycle() {
            @Override
            public void start() {
                worker.start();
                noticesAdded.raise();
            }

            @Override
            public void stop() {
                worker.stop();
            }

            @Override
            public boolean isRunning() {
                return worker.isRunning();
            }
        };
    }

    private static SmartLifecycle lifecycle(Worker worker) {
        return new SmartLifecycle() {
            @Override
            public void start() {
                worker.start();
            }

            @Override
            public void stop() {
                worker.stop();
            }

            @Override
            public boolean isRunning() {
                return worker.isRunning();
            }
        };
    }

    @Bean
    AnnualResults annualResults(
            Evaluations evaluations,
            OfficialResults officialResults,
            PublicationRelay publicationRelay,
            Signal publicationSignal,
            Catalogs catalogs,
            WorkdayCalendar calendar,
            Clock clock) {
        return new AnnualResults(
                evaluations, officialResults, publicationRelay, publicationSignal, catalogs, calendar, clock);
    }

    @Bean
    AuditLog auditLog(DatabaseClient db, TransactionalOperator tx) {
        return new AuditLog(db, tx);
    }

    @Bean
    AuditFilter auditFilter(AuditLog auditLog, Clock clock, QueryProperties properties) {
        return new AuditFilter(auditLog, clock, properties.anonymousAuditWindow());
    }

    @Bean
    AuditCallerFilter auditCallerFilter() {
        return new AuditCallerFilter();
    }
}
