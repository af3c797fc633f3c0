/** The query service: scores, grades, rankings, facts and time travel; audited, masked, streamed (API.md, 8084). */
package cn.jiyuan.integrity.query;
