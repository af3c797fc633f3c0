/** 第十二条: what the reports on reporting say — facts late, periodic information that never arrived. */
package cn.jiyuan.integrity.rules.reporting;
