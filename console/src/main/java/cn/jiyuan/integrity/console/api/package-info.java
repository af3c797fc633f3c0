/** The services' public APIs as the console calls them: the client, the person signed in on whose behalf it calls, the answers' shapes, refusals. */
package cn.jiyuan.integrity.console.api;
