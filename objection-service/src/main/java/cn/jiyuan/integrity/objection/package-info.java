/** The objection service: the dispute workflow of 第十四条 with working-day deadlines (API.md, port 8083). */
package cn.jiyuan.integrity.objection;
