/** What the platform knows about a unit: credit facts, debtor listings and approved corrections. */
package cn.jiyuan.integrity.rules.facts;
