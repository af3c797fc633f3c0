/**
 * scoring-service: folds the event log into per-unit score projections, grades every unit, publishes score and grade
 * changes, and rebuilds the projection by replay.
 */
package cn.jiyuan.integrity.scoring;
