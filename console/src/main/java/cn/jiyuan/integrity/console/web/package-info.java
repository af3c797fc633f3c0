/** Pages anyone signed in may ask for (the services decide what they see), and the words and files they use. */
package cn.jiyuan.integrity.console.web;
