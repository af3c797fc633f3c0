/** The services' public APIs as the console calls them: the client, the answers' shapes, refusals. */
package cn.jiyuan.integrity.console.api;
