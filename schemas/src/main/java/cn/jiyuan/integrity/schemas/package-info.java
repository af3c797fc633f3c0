/**
 * The message contracts: topic declarations, the store of every published Avro schema version, and the Kafka serde
 * that writes Avro single-object encoding and resolves the writer's schema by fingerprint.
 */
package cn.jiyuan.integrity.schemas;
