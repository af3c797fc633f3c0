/** The credit office's pages: overview, units, reviews, audit, consultations, the evaluation year, reference data, the live grade changes. */
package cn.jiyuan.integrity.console.office;
