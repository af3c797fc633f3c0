/** China's working-day calendar as data, and the deadlines of 第十一条 and 第十四条 computed on it. */
package cn.jiyuan.integrity.rules.calendar;
