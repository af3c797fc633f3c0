/** The relay that sends the projection's outbox (unit-scores, grade-changes) to Kafka in order and deletes what was acknowledged. */
package cn.jiyuan.integrity.scoring.outbox;
