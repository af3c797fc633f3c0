/** The score of one unit on a date (SCORING.md §4): a pure fold over the set of its facts. */
package cn.jiyuan.integrity.rules.scoring;
