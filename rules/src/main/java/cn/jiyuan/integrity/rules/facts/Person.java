package cn.jiyuan.integrity.rules.facts;

/** A person named in a fact: personal data, shown masked to all but the credit office and the provider. */
public record Person(String name, String position) {}
