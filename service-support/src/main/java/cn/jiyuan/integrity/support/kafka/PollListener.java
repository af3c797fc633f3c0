package cn.jiyuan.integrity.support.kafka;

import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.Acknowledgment;

/**
 * A listener container's batch listener that is given each poll whole, as the {@link ConsumerRecords} with their
 * partitions, and the consumer (on its own thread, so it may seek); it throws to have the poll given again
 * ({@link ListenerErrors}).
 */
public record PollListener(BiConsumer<ConsumerRecords<String, byte[]>, Consumer<?, ?>> apply)
        implements BatchMessageListener<String, byte[]> {

    @Override
    public boolean wantsPollResult() {
        return true;
    }

    @Override
    public void onMessage(
            ConsumerRecords<String, byte[]> records, Acknowledgment acknowledgment, Consumer<String, byte[]> consumer) {
        apply.accept(records, consumer);
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records) {
        throw new UnsupportedOperationException("given the poll's ConsumerRecords");
    }
}
