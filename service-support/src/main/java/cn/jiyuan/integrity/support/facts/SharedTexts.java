package cn.jiyuan.integrity.support.facts;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The values that {@link PackedFacts} packs as a number (indicator codes, outcomes, periods, providers), numbered in the
 * order first seen; a number once given keeps its value. One table for the process, bounded by
 * {@link PackedFacts#SHARED_LIMIT}.
 */
final class SharedTexts {
    private final ConcurrentHashMap<String, Integer> numbers = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<String> texts = new AtomicReferenceArray<>(PackedFacts.SHARED_LIMIT);
    private int size;

    /** The value's number, or -1 when the table is full. */
    int numberOf(String text) {
        Integer n = numbers.get(text);
        return n != null ? n : add(text);
    }

    private synchronized int add(String text) {
        Integer n = numbers.get(text);
        if (n != null) {
            return n;
        }
        if (size == PackedFacts.SHARED_LIMIT) {
            return -1;
        }
        texts.set(size, text); // before the number is handed out: whoever reads the number finds the text
        numbers.put(text, size);
        return size++;
    }

    String text(int number) {
        return texts.get(number);
    }
}
