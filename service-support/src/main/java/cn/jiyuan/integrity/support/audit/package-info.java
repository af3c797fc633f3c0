/** The audit of reads (第十三条), shared by the services that answer them. */
package cn.jiyuan.integrity.support.audit;
