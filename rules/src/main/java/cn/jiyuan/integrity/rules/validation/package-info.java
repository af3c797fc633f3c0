/** Validation of submitted facts against the catalog and the calendar (SCORING.md §2–3); violations are values. */
package cn.jiyuan.integrity.rules.validation;
