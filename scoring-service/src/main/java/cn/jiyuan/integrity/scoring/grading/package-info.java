/** Grading all active units after each batch, under an advisory lock: the grades that changed are stored and published. */
package cn.jiyuan.integrity.scoring.grading;
