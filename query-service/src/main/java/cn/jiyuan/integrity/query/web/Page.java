package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.support.refusals.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Paging of a list (API.md): {@code limit} (1–1,000) and an opaque {@code cursor} naming where the next page starts —
 * here the sort key of the last item given, so a page stays right while items are added before it.
 */
record Page(int limit, String after) {

    static final int MAX_LIMIT = 1000;

    /** Without {@code limit} a list answers whole ({@code defaultLimit} null) or with {@code defaultLimit} items. */
    static Page of(String limit, String cursor, Integer defaultLimit) {
        int n;
        if (limit == null) {
            n = defaultLimit == null ? Integer.MAX_VALUE : defaultLimit;
        } else {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                throw Refusal.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw Refusal.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new Page(n, cursor == null ? null : decode(cursor));
    }

    /** One page of a list sorted ascending by {@code key}, and the cursor of the next page (null on the last). */
    record Slice<T>(List<T> items, String nextCursor) {}

    <T> Slice<T> of(List<T> sorted, Function<T, String> key) {
        List<T> rest = after == null
                ? sorted
                : sorted.stream().filter(t -> key.apply(t).compareTo(after) > 0).toList();
        if (rest.size() <= limit) {
            return new Slice<>(rest, null);
        }
        List<T> items = rest.subList(0, limit);
        return new Slice<>(List.copyOf(items), cursor(key.apply(items.get(limit - 1))));
    }

    /** A sort key for "newest first, then by id". */
    static String newestFirst(long epochMillis, String id) {
        return String.format("%019d", Long.MAX_VALUE - epochMillis) + "|" + id;
    }

    static String cursor(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String key = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (key.isEmpty() || key.length() > 200) {
                throw new IllegalArgumentException();
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw Refusal.invalid("cursor", "must be a nextCursor this list gave");
        }
    }
}
