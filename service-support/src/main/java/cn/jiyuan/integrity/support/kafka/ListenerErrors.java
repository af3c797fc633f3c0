package cn.jiyuan.integrity.support.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one error policy of the services' consumer-group listeners, for spring-kafka's containers:
 *
 * <ul>
 *   <li>a batch the listener cannot apply is given to it again, whole, after a back-off doubling from 100 ms up to
 *       {@code maxBackoff}, for as long as it fails, whatever the exception: nothing is skipped and nothing committed
 *       past it (a record the listener itself refuses is its own to send to the dead letters, with the reason);
 *   <li>a position the broker does not serve is handled by {@link Positions#reposition};
 *   <li>any other failure of the consumer backs off the same way before the next poll.
 * </ul>
 *
 * {@link #failing()} says why, for the health, until {@link #succeeded()}.
 */
public final class ListenerErrors extends DefaultErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ListenerErrors.class);
    private static final long FIRST_BACKOFF_MS = 100;

    private final String name;
    private final long maxBackoffMs;
    private final AtomicLong otherBackoffMs = new AtomicLong();
    private volatile String failing;

    public ListenerErrors(String name, Duration maxBackoff) {
        super(
                (record, e) -> {
                    throw new IllegalStateException("a batch is retried until it is applied, never given up", e);
                },
                backOff(maxBackoff));
        this.name = name;
        this.maxBackoffMs = maxBackoff.toMillis();
        setClassifications(Map.of(), true); // every exception is worth another try: none skips a record
        setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
                failed(ex, deliveryAttempt);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
                failed(ex, deliveryAttempt);
            }
        });
    }

    private static ExponentialBackOff backOff(Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(FIRST_BACKOFF_MS, 2.0);
        backOff.setMaxInterval(Math.max(FIRST_BACKOFF_MS, max.toMillis()));
        return backOff; // no limit on the attempts or the time
    }

    private void failed(Exception e, int attempt) {
        failing = String.valueOf(e);
        LOG.warn("{}: batch not applied (attempt {}), trying again after a back-off: {}", name, attempt, failing);
    }

    @Override
    public void handleOtherException(
            Exception e, Consumer<?, ?> consumer, MessageListenerContainer container, boolean batchListener) {
        if (e instanceof OffsetOutOfRangeException refused) {
            failing = Positions.reposition(consumer, refused);
            if (failing == null) {
                return;
            }
        } else {
            failing = e.toString();
        }
        long wait = otherBackoffMs.updateAndGet(b -> b == 0 ? FIRST_BACKOFF_MS : Math.min(b * 2, maxBackoffMs));
        LOG.warn("{}: {}; polling again in {} ms", name, failing, wait);
        try {
            ListenerUtils.stoppableSleep(container, wait);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The listener applied a batch: nothing is failing any more. */
    public void succeeded() {
        failing = null;
        otherBackoffMs.set(0);
    }

    /** Why the last batch or poll failed, or null once one succeeded. */
    public String failing() {
        return failing;
    }
}
