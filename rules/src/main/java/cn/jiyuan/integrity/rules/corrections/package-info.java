/** Corrections without an objection (SCORING.md §7.5): a provider's request, reviewed; the credit office's own. */
package cn.jiyuan.integrity.rules.corrections;
