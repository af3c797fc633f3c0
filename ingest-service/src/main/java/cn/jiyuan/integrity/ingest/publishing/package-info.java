/** Sending records to Kafka and waiting for the acknowledgement of all in-sync replicas. */
package cn.jiyuan.integrity.ingest.publishing;
