/** Topic creation at start from the one declaration in {@code schemas}, and the cluster-size settings. */
package cn.jiyuan.integrity.support.kafka;
