/** Official annual results (第七条, 第十条): what a frozen result holds, its checksum, its versions' differences, 公示. */
package cn.jiyuan.integrity.rules.evaluation;
