/** 信用监测工作台: the web console, a backend-for-frontend over the services' public APIs. */
package cn.jiyuan.integrity.console;
