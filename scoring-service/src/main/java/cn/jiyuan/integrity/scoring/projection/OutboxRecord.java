package cn.jiyuan.integrity.scoring.projection;

/** A record to publish, already encoded (single-object Avro). */
public record OutboxRecord(String topic, String key, byte[] payload) {}
