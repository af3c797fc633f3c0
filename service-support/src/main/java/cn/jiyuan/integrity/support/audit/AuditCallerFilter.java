package cn.jiyuan.integrity.support.audit;

import cn.jiyuan.integrity.support.security.Callers;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Right after the security chain: names the authenticated caller for the audit, so that a request refused before it
 * reaches a controller (a missing parameter, an unknown path, a wrong method) is recorded with its caller, not as
 * anonymous (review I10).
 */
public class AuditCallerFilter implements WebFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return exchange.getPrincipal()
                .doOnNext(principal -> {
                    if (principal instanceof JwtAuthenticationToken token) {
                        exchange.getAttributes().putIfAbsent(AuditFilter.CALLER, Callers.of(token.getToken()));
                    }
                })
                .then(chain.filter(exchange));
    }

    /** After Spring Security's chain (order −100). */
    @Override
    public int getOrder() {
        return 0;
    }
}
