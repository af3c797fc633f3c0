package cn.jiyuan.integrity.support.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.BeansException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;

/**
 * A consumer-group member that hands each poll to {@code store} and commits the offsets only after {@code store}
 * returned: at least once into whatever {@code store} writes, which must therefore be idempotent. It is a spring-kafka
 * listener container with the services' one error policy ({@link ListenerErrors}: a failing store is given the same
 * batch again after a back-off, for as long as it fails) and {@link Positions} for partitions the group never committed
 * and positions the broker does not serve. As a {@link HealthIndicator} it is UP while consuming with partitions
 * assigned.
 */
public class BatchConsumer implements SmartLifecycle, HealthIndicator, ApplicationContextAware {

    private final KafkaMessageListenerContainer<String, byte[]> container;
    private final ListenerErrors errors;

    /**
     * @param consumerProperties {@link #consumerProperties} with the group's id
     * @param store writes one poll's records; throws to have them given again
     */
    public BatchConsumer(
            String name,
            Map<String, Object> consumerProperties,
            List<String> topics,
            Duration pollTimeout,
            Duration maxBackoff,
            Consumer<ConsumerRecords<String, byte[]>> store) {
        this.errors = new ListenerErrors(name, maxBackoff);
        ContainerProperties properties = new ContainerProperties(topics.toArray(String[]::new));
        properties.setPollTimeout(pollTimeout.toMillis());
        properties.setAckMode(AckMode.BATCH); // after the listener returned
        properties.setConsumerRebalanceListener(Positions.fromTheFirstRecordWhereNothingIsCommitted());
        properties.setMessageListener(new PollListener((records, consumer) -> {
            store.accept(records);
            errors.succeeded();
        }));
        this.container = new KafkaMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(
                        consumerProperties, new StringDeserializer(), new ByteArrayDeserializer()),
                properties);
        container.setBeanName(name);
        container.setCommonErrorHandler(errors);
    }

    /**
     * The settings of every consumer of the services: the shared Kafka configuration, no auto-commit, only committed
     * records (read_committed), a client id naming its purpose, and no automatic reset of a position the broker does
     * not serve ({@link Positions}).
     */
    public static Map<String, Object> consumerProperties(KafkaProperties kafka, String clientId) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return props;
    }

    /** The container's listener timers (spring.kafka.listener) go to the context's meter registry. */
    @Override
    public void setApplicationContext(ApplicationContext context) throws BeansException {
        container.setApplicationContext(context);
        container.setApplicationEventPublisher(context);
    }

    @Override
    public void start() {
        container.start();
    }

    /** Consuming with partitions assigned and no error since the last batch applied. */
    public boolean isConsuming() {
        Collection<TopicPartition> assigned = container.getAssignedPartitions(); // null before it started
        return container.isRunning()
                && container.isInExpectedState()
                && assigned != null
                && !assigned.isEmpty()
                && errors.failing() == null;
    }

    @Override
    public Health health() {
        return isConsuming()
                ? Health.up().build()
                : Health.outOfService()
                        .withDetail("reason", errors.failing() == null ? "starting" : errors.failing())
                        .build();
    }

    @Override
    public void stop() {
        container.stop();
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }
}
