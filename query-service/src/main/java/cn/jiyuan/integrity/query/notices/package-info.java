/** Notices to organisations (issue 16 §4): made once, kept as an inbox, put on their topic and sent by e-mail. */
package cn.jiyuan.integrity.query.notices;
