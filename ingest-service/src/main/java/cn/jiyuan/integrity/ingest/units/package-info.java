/** Participating units: registration by the credit office, and the directory that tells active units apart. */
package cn.jiyuan.integrity.ingest.units;
