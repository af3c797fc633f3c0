/** Who is told what, and when (issue 16 §4): the kinds of notices, their audience, the day of a reminder. */
package cn.jiyuan.integrity.rules.notices;
