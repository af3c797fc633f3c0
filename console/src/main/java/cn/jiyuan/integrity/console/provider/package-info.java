/** A department's pages: 上报, 批量上报 from a spreadsheet, 我的上报, 待处理. */
package cn.jiyuan.integrity.console.provider;
