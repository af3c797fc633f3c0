/** Kafka as every service uses it: topics created from their one declaration, following a topic, stored positions, dead letters, health. */
package cn.jiyuan.integrity.support.kafka;
