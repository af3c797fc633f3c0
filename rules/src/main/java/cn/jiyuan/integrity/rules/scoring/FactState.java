package cn.jiyuan.integrity.rules.scoring;

import cn.jiyuan.integrity.rules.facts.CreditFact;

/**
 * A credit fact as it stands on the evaluation date.
 *
 * @param effective the fact as counted (after any amendment); the original for RETRACTED facts
 */
public record FactState(String eventId, FactStatus status, CreditFact effective) {}
