/** The transactional outbox of the objection service and its exactly-once relay to Kafka. */
package cn.jiyuan.integrity.objection.outbox;
