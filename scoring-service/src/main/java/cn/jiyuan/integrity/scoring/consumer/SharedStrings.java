package cn.jiyuan.integrity.scoring.consumer;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance of each repeated value (unit ids, indicator codes, outcomes, periods, provider codes): a million facts
 * held in memory name a few thousand distinct values, and every copy is an object the garbage collector moves. Safe
 * from any thread; bounded — past {@link #LIMIT} distinct values it hands back what it is given.
 */
final class SharedStrings {

    static final int LIMIT = 100_000;

    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

    String of(String value) {
        if (value == null) {
            return null;
        }
        String shared = values.get(value);
        if (shared != null) {
            return shared;
        }
        if (values.size() >= LIMIT) {
            return value;
        }
        shared = values.putIfAbsent(value, value);
        return shared == null ? value : shared;
    }
}
