/** The per-unit projection in PostgreSQL: facts stored, units folded with the rules library, score rows and their outbox records. */
package cn.jiyuan.integrity.scoring.projection;
