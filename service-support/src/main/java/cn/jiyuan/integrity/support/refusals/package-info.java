/** Refusals as values: what a service says no with, and why; only the web layer knows their HTTP status. */
package cn.jiyuan.integrity.support.refusals;
