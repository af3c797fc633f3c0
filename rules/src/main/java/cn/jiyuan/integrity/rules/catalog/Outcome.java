package cn.jiyuan.integrity.rules.catalog;

/** A reportable outcome of an indicator and what it does to the score. */
public record Outcome(String code, Effect effect) {}
