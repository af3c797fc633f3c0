/** ingest-service: credit facts, debtor listings and unit registrations in over HTTP, durably into Kafka. */
package cn.jiyuan.integrity.ingest;
