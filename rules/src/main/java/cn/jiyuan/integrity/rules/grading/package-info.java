/** Grades of all active units on a date (第七条, SCORING.md §5): the 20% quota and the 1334 ranking. */
package cn.jiyuan.integrity.rules.grading;
