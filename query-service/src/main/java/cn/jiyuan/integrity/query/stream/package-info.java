/** The grade-change stream. */
package cn.jiyuan.integrity.query.stream;
