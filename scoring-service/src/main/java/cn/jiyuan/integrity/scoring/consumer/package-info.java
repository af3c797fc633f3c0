/** The live consumer of the three input topics: each record decoded and checked, applied in one transaction per poll, or dead-lettered. */
package cn.jiyuan.integrity.scoring.consumer;
