/** 第十二条: the reports on reporting — who reported late, and what periodic information never arrived. */
package cn.jiyuan.integrity.query.reporting;
