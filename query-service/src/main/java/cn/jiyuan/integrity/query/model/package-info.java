/** The read model: stored records, their in-memory view, and evaluations on any date. */
package cn.jiyuan.integrity.query.model;
