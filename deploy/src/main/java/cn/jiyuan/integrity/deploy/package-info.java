/** The local stack: Kafka (KRaft), PostgreSQL and the services in one process; demo data; local tokens. */
package cn.jiyuan.integrity.deploy;
