/** Topic records as the rules library sees them. */
package cn.jiyuan.integrity.support.facts;
