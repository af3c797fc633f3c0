/** The objection service's own read model of the facts on integrity.credit-events.v1. */
package cn.jiyuan.integrity.objection.facts;
