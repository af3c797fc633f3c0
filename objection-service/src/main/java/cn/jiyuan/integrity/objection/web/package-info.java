/** The objection service's HTTP API (API.md §Objection service). */
package cn.jiyuan.integrity.objection.web;
