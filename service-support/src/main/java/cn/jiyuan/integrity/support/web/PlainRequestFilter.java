package cn.jiyuan.integrity.support.web;

import cn.jiyuan.integrity.rules.validation.PlainText;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.problems.ProblemHandling;
import cn.jiyuan.integrity.support.problems.ProblemWriter;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.server.PathContainer;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Path segments and query parameters, decoded, follow the same text rule as bodies ({@link PlainText}): a NUL or
 * another control character in an id or a filter is 400 naming it, before any handler passes it to a query that
 * PostgreSQL would refuse (the probe's fuzzing found 500s that way). Runs after the security chain, so a request
 * without a token is still 401.
 */
public class PlainRequestFilter implements WebFilter, Ordered {

    private final ProblemWriter problems;

    public PlainRequestFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        for (PathContainer.Element e :
                exchange.getRequest().getPath().pathWithinApplication().elements()) {
            if (e instanceof PathContainer.PathSegment s && PlainText.problem(s.valueToMatch(), false) != null) {
                return refuse(exchange, "path", PlainText.problem(s.valueToMatch(), false));
            }
        }
        for (Map.Entry<String, List<String>> p :
                exchange.getRequest().getQueryParams().entrySet()) {
            String name = PlainText.problem(p.getKey(), false) == null ? p.getKey() : "query";
            for (String value : p.getValue()) {
                String problem = PlainText.problem(p.getKey() + (value == null ? "" : value), false);
                if (problem != null) {
                    return refuse(exchange, name, problem);
                }
            }
        }
        return chain.filter(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String field, String problem) {
        Refusal e = Refusal.invalid(List.of(new Violation(field, problem)));
        return problems.write(
                exchange, ProblemHandling.status(e.kind()), ProblemHandling.title(e.kind()), e.detail(), e.errors());
    }

    /** After Spring Security's chain (order −100). */
    @Override
    public int getOrder() {
        return -50;
    }
}
