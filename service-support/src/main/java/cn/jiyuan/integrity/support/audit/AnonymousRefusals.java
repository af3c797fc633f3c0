package cn.jiyuan.integrity.support.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests refused for want of a valid token, counted per client address instead of written one row each: a flood
 * of them from anywhere costs memory bounded by {@code maxClients} and, per window, one audit row per address (review
 * D2: every unauthenticated request wrote a row of up to 4 KB into a table nothing may delete from).
 */
final class AnonymousRefusals {

    /** Addresses beyond the bound are counted together under this one. */
    static final String OTHERS = "others";

    private record Tally(Instant first, String method, String resource, int count) {
        Tally plus() {
            return new Tally(first, method, resource, count + 1);
        }
    }

    private final int maxClients;
    private final Map<String, Tally> tallies = new ConcurrentHashMap<>();

    AnonymousRefusals(int maxClients) {
        this.maxClients = maxClients;
    }

    void count(String address, Instant at, String method, String resource, int status) {
        String key = (tallies.size() >= maxClients && !tallies.containsKey(address) ? OTHERS : address) + " " + status;
        tallies.merge(key, new Tally(at, method, resource, 1), (was, one) -> was.plus());
    }

    /** The rows for what was counted since the last drain, one per address and status. */
    List<AuditEntry> drain() {
        List<AuditEntry> rows = new ArrayList<>();
        for (String key : List.copyOf(tallies.keySet())) {
            Tally t = tallies.remove(key);
            if (t == null) {
                continue;
            }
            int space = key.lastIndexOf(' ');
            rows.add(new AuditEntry(
                    t.first(),
                    "anonymous@" + key.substring(0, space),
                    "-",
                    "",
                    null,
                    t.method(),
                    t.resource(),
                    null,
                    null,
                    Integer.parseInt(key.substring(space + 1)),
                    t.count()));
        }
        return rows;
    }
}
