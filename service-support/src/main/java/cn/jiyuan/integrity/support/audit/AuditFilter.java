package cn.jiyuan.integrity.support.audit;

import cn.jiyuan.integrity.rules.rights.Caller;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records every request in the audit log — refused ones too (400, 403, 404, 405…) — before its answer is committed:
 * a read that cannot be audited is not answered. Only health, metrics and the OpenAPI document are left out. The
 * resource is the decoded path as the handlers matched it, and the unit the one the handler was routed to, so
 * {@code /%61pi/v1/units/%4BJZ/events} is a read of KJZ (review I1). Runs before the security chain so that refusals
 * by authentication are seen; the caller is left in the {@link #CALLER} attribute once known ({@link
 * AuditCallerFilter}).
 *
 * <p>A request without a valid token (401, or anything answered to no caller) is counted per client address and
 * written as one row per window ({@link AnonymousRefusals}); every resource is cut to {@value #MAX_RESOURCE}
 * characters (review D2).
 */
public class AuditFilter implements WebFilter, Ordered, DisposableBean {

    /** The exchange attribute holding the authenticated {@link Caller}, once known. */
    public static final String CALLER = AuditFilter.class.getName() + ".caller";

    public static final String PURPOSE_HEADER = "X-Query-Purpose";

    static final int MAX_RESOURCE = 512;
    private static final int MAX_ANONYMOUS_CLIENTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(AuditFilter.class);
    private static final Pattern UNIT_PATH = Pattern.compile("^/api/v1/units/([^/]+)(/.*)?$");

    private final AuditSink log;
    private final Predicate<ServerHttpRequest> audited;
    private final Clock clock;
    private final AnonymousRefusals anonymous = new AnonymousRefusals(MAX_ANONYMOUS_CLIENTS);
    private final Disposable flushing;

    /** Audits every request under {@code /api/} and elsewhere but health, metrics and the OpenAPI document. */
    public AuditFilter(AuditSink log, Clock clock, Duration anonymousWindow) {
        this(log, clock, anonymousWindow, request -> true);
    }

    /** Audits the requests {@code audited} selects (e.g. only reads) among those above. */
    public AuditFilter(AuditSink log, Clock clock, Duration anonymousWindow, Predicate<ServerHttpRequest> audited) {
        this.log = log;
        this.audited = audited;
        this.clock = clock;
        this.flushing = Flux.interval(anonymousWindow)
                .onBackpressureDrop()
                .concatMap(tick -> flushAnonymous().onErrorResume(e -> {
                    LOG.warn("could not write the counted anonymous refusals: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = decodedPath(exchange.getRequest());
        if (path.startsWith("/actuator/")
                || path.equals("/v3/api-docs")
                || path.startsWith("/v3/api-docs/")
                || !audited.test(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        exchange.getResponse().beforeCommit(() -> {
            Caller caller = exchange.getAttribute(CALLER);
            if (caller == null) {
                countAnonymous(exchange, path);
                return Mono.empty();
            }
            return log.record(entry(exchange, caller, path));
        });
        return chain.filter(exchange);
    }

    /** Writes the anonymous refusals counted so far (also at shutdown). */
    Mono<Void> flushAnonymous() {
        var rows = anonymous.drain();
        return rows.isEmpty()
                ? Mono.empty()
                : Flux.fromIterable(rows).concatMap(log::record).then();
    }

    private void countAnonymous(ServerWebExchange exchange, String path) {
        ServerHttpRequest request = exchange.getRequest();
        InetSocketAddress remote = request.getRemoteAddress();
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        anonymous.count(
                remote == null || remote.getAddress() == null
                        ? "unknown"
                        : remote.getAddress().getHostAddress(),
                clock.instant(),
                request.getMethod().name(),
                cut(path),
                status == null ? 200 : status.value());
    }

    private AuditEntry entry(ServerWebExchange exchange, Caller caller, String path) {
        ServerHttpRequest request = exchange.getRequest();
        String query = request.getURI().getRawQuery();
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        String purpose = request.getHeaders().getFirst(PURPOSE_HEADER);
        return new AuditEntry(
                clock.instant(),
                caller.subject(),
                caller.org(),
                caller.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")),
                purpose == null
                        ? null
                        : purpose.strip().substring(0, Math.min(purpose.strip().length(), 64)),
                request.getMethod().name(),
                cut(query == null ? path : path + "?" + query),
                unitId(exchange, path),
                asOf(request.getQueryParams().getFirst("asOf")),
                status == null ? 200 : status.value(),
                1);
    }

    /** The path with every segment decoded, as handlers are matched against it. */
    public static String decodedPath(ServerHttpRequest request) {
        StringBuilder path = new StringBuilder();
        for (PathContainer.Element e : request.getPath().pathWithinApplication().elements()) {
            path.append(e instanceof PathContainer.PathSegment s ? s.valueToMatch() : e.value());
        }
        return path.toString();
    }

    /** The unit the request was routed to (the handler's {@code {unitId}}), else read from the decoded path. */
    private static String unitId(ServerWebExchange exchange, String path) {
        Map<String, String> variables = exchange.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null && variables.get("unitId") != null) {
            return cut(variables.get("unitId"));
        }
        Matcher unit = UNIT_PATH.matcher(path);
        return unit.matches() ? cut(unit.group(1)) : null;
    }

    /** At most {@value #MAX_RESOURCE} characters, control characters shown as U+FFFD (PostgreSQL stores no NUL). */
    private static String cut(String s) {
        String shown = s.length() <= MAX_RESOURCE ? s : s.substring(0, MAX_RESOURCE - 1) + "…";
        StringBuilder b = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? 0xFFFD : c));
        return b.toString();
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

    @Override
    public void destroy() {
        flushing.dispose();
        flushAnonymous().block(Duration.ofSeconds(5));
    }
}
