/** The indicator catalog of the annex (附件) as versioned data: indicators, outcomes, effects, providers. */
package cn.jiyuan.integrity.rules.catalog;
