/** The credit office's uploads of the working-day calendar and the indicator catalog, put on their topic. */
package cn.jiyuan.integrity.query.reference;
