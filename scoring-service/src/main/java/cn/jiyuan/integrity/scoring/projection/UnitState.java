package cn.jiyuan.integrity.scoring.projection;

import java.time.Instant;

/** A unit registration (integrity.units.v1) as the projection keeps it. */
public record UnitState(String unitId, String name, boolean active, Instant registeredAt) {}
