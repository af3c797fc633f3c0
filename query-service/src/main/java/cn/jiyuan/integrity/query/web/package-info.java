/** The query API (API.md query part). */
package cn.jiyuan.integrity.query.web;
