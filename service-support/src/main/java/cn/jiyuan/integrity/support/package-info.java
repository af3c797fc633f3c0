/** What every integrity service shares: security, problems, Kafka topics and defaults. Auto-configured. */
package cn.jiyuan.integrity.support;
