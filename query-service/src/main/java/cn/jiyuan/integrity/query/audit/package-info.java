/** The append-only audit of every read. */
package cn.jiyuan.integrity.query.audit;
