package cn.jiyuan.integrity.rules.catalog;

/**
 * A reportable outcome of an indicator and what it does to the score.
 *
 * @param nameZh what the outcome is called in the measures' words, for forms and reports
 */
public record Outcome(String code, Effect effect, String nameZh) {}
