/** Personal data on the topics: sealed per fact with a key that dies with the fact (SCORING.md §2, purge). */
package cn.jiyuan.integrity.support.persons;
