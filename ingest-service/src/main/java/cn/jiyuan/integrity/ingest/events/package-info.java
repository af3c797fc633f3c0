/** Credit facts in: parse, rights, validation, idempotency by eventId, durable publication, the answer. */
package cn.jiyuan.integrity.ingest.events;
