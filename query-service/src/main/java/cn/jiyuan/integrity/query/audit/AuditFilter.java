package cn.jiyuan.integrity.query.audit;

import cn.jiyuan.integrity.rules.rights.Caller;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Records every API read in the audit log — refused ones too (401 without a caller, 400, 403, 404) — before its
 * answer is committed: a read that cannot be audited is not answered. Runs before the security chain so that
 * refusals by authentication are seen; the caller is left in an exchange attribute by {@link #CALLER}'s setter, the
 * controllers (through {@code Access}).
 */
public class AuditFilter implements WebFilter, Ordered {

    /** The exchange attribute holding the authenticated {@link Caller}, once known. */
    public static final String CALLER = AuditFilter.class.getName() + ".caller";

    public static final String PURPOSE_HEADER = "X-Query-Purpose";

    private static final Pattern UNIT_PATH = Pattern.compile("^/api/v1/units/([^/]+)(/.*)?$");

    private final AuditLog log;
    private final Clock clock;

    public AuditFilter(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!request.getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        exchange.getResponse().beforeCommit(() -> log.record(entry(exchange)));
        return chain.filter(exchange);
    }

    private AuditLog.Entry entry(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        Caller caller = exchange.getAttribute(CALLER);
        String path = request.getPath().value();
        String query = request.getURI().getRawQuery();
        Matcher unit = UNIT_PATH.matcher(path);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        String purpose = request.getHeaders().getFirst(PURPOSE_HEADER);
        return new AuditLog.Entry(
                0,
                clock.instant(),
                caller == null ? "anonymous" : caller.subject(),
                caller == null ? "-" : caller.org(),
                caller == null
                        ? ""
                        : caller.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                purpose == null
                        ? null
                        : purpose.strip().substring(0, Math.min(purpose.strip().length(), 64)),
                request.getMethod().name(),
                query == null ? path : path + "?" + query,
                unit.matches() ? unit.group(1) : null,
                asOf(request.getQueryParams().getFirst("asOf")),
                status == null ? 200 : status.value());
    }

    private static LocalDate asOf(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Before Spring Security's chain (order −100), so a 401 is audited too. */
    @Override
    public int getOrder() {
        return -200;
    }
}
