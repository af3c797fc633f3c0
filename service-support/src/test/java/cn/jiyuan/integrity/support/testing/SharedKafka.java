package cn.jiyuan.integrity.support.testing;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real KRaft broker per test JVM, started on first use and shared by every test class (and every Spring context)
 * in that JVM; stopped when the JVM exits.
 */
public final class SharedKafka {

    private static EmbeddedKafkaKraftBroker broker;

    private SharedKafka() {}

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 6);
            broker.brokerProperty("auto.create.topics.enable", "false");
            broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
            broker.afterPropertiesSet();
            EmbeddedKafkaKraftBroker started = broker;
            Runtime.getRuntime().addShutdownHook(new Thread(started::destroy, "shared-kafka-stop"));
        }
        return broker.getBrokersAsString();
    }
}
