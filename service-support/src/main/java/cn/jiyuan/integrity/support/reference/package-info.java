/** The working-day calendar and the indicator catalogs as the credit office keeps them: followed from their topic. */
package cn.jiyuan.integrity.support.reference;
