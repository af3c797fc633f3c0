/** A consumer of 第十条: the purpose chosen before any read. */
package cn.jiyuan.integrity.console.consumer;
