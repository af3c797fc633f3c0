/** The dispute workflow of 第十四条 as a pure decide/evolve state machine. */
package cn.jiyuan.integrity.rules.objections;
