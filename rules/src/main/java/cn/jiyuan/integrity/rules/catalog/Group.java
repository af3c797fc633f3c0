package cn.jiyuan.integrity.rules.catalog;

/** A first-level indicator (一级指标). */
public record Group(int number, GroupKind kind, String nameZh, String nameEn) {}
