/** A department's pages: 上报 and, in time, 批量上报, 我的上报, 待处理. */
package cn.jiyuan.integrity.console.provider;
