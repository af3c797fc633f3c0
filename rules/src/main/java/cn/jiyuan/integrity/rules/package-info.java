/** The measures (济管办〔2022〕44号) as a pure library: no Spring, Kafka, Avro or R2DBC here. */
package cn.jiyuan.integrity.rules;
