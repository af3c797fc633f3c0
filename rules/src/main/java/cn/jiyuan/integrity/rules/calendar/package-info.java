/** The dates of the measures: China's working-day calendar as data, the deadlines of 第十一条 and 第十四条 computed on it, and the evaluation window and retention of 第八条. */
package cn.jiyuan.integrity.rules.calendar;
