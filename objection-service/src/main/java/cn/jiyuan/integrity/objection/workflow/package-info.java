/** The objection workflow of 第十四条, persisted: the rules' state machine, its tables and its Kafka records. */
package cn.jiyuan.integrity.objection.workflow;
