package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Purpose;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.support.audit.AuditFilter;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.security.Callers;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who is reading, for what, and whether they may (API.md query part): the caller is left on the exchange for the
 * audit; a CONSUMER must name one of the eight purposes of 第十条 in {@code X-Query-Purpose} (400 without).
 */
@Component
class Access {

    private final Catalogs catalogs;
    private final Clock clock;

    Access(Catalogs catalogs, Clock clock) {
        this.catalogs = catalogs;
        this.clock = clock;
    }

    /** The caller, after the purpose rule; refusals are thrown as problems. */
    Caller caller(Jwt jwt, ServerWebExchange exchange) {
        Caller caller = Callers.of(jwt);
        String header = exchange.getRequest().getHeaders().getFirst(AuditFilter.PURPOSE_HEADER);
        Optional<Purpose> purpose = Purpose.parse(header);
        if (header != null && purpose.isEmpty()) {
            throw Refusal.invalid(AuditFilter.PURPOSE_HEADER, "must be one of " + purposes());
        }
        if (rights().needsPurpose(caller) && purpose.isEmpty()) {
            throw Refusal.invalid(AuditFilter.PURPOSE_HEADER, "is required of a CONSUMER (第十条): one of " + purposes());
        }
        return caller;
    }

    /** Whose fair share a request uses: one person (subject) of one organisation. */
    static String key(Caller caller) {
        return caller.org() + "/" + caller.subject();
    }

    Rights rights() {
        return new Rights(catalogs.inForce(ChinaTime.dateOf(clock.instant())));
    }

    static void require(Decision decision) {
        if (decision.denied()) {
            throw Refusal.forbidden(decision.reason());
        }
    }

    private static String purposes() {
        return String.join(", ", Arrays.stream(Purpose.values()).map(Enum::name).toList());
    }
}
