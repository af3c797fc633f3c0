/** 第九条: the courts list and shield dishonest judgment debtors. */
package cn.jiyuan.integrity.ingest.debtors;
