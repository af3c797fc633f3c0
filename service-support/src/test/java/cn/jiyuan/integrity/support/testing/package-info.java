/** Shared test infrastructure (test-jar): one broker and one database per test JVM, tokens. */
package cn.jiyuan.integrity.support.testing;
