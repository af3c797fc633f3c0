package cn.jiyuan.integrity.console.api;

/**
 * Who a call to a service is made for: the signed-in person (their token) and, for a consumer, the purpose of
 * 第十条 they chose, sent as {@code X-Query-Purpose}.
 */
public record Caller(ConsoleUser user, String purpose) {}
