package cn.jiyuan.integrity.rules.validation;

/** One reason a submission is refused, naming the field (JSON path of the submitted body). */
public record Violation(String field, String message) {}
