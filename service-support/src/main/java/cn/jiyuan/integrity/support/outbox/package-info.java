/** The transactional outbox's relay to Kafka, exactly once across crashes: one for every service that has an outbox. */
package cn.jiyuan.integrity.support.outbox;
