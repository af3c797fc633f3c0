package cn.jiyuan.integrity.rules.objections;

/**
 * What the objection workflow needs to know about the disputed fact, from the service's read model.
 *
 * @param retracted already removed by an approved correction
 */
public record DisputedFact(String eventId, String unitId, String indicator, String providerOrg, boolean retracted) {}
