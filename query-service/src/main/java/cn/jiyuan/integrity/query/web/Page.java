package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.support.problems.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
                throw ApiException.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw ApiException.invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
            }
        }
        return new Page(n, cursor == null ? null : decode(cursor));
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
            throw ApiException.invalid("cursor", "must be a nextCursor this list gave");
        }
    }
}
