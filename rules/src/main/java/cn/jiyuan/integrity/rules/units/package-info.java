/** The units taking part (SCORING.md §1): which registration is in force on a date. */
package cn.jiyuan.integrity.rules.units;
