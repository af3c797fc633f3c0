/** See the package's classes. */
package cn.jiyuan.integrity.scoring.outbox;
