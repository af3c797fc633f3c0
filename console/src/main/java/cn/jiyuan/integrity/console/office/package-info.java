/** The credit office's pages: 总览, 异议与更正复核, the live grade-change feed. */
package cn.jiyuan.integrity.console.office;
