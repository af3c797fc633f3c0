package cn.jiyuan.integrity.console.web;

import cn.jiyuan.integrity.console.api.ApiRefusal;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.ConsoleUser;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.YearViews;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * What every page knows: who is signed in, the consumer's purpose, the CSRF token for its forms. And how a page
 * shows a service's refusal: as a page of its own with the service's words, or, for an expired sign-in, by asking
 * to sign in again.
 */
@ControllerAdvice
public class PageModel {

    /** The session attribute holding a consumer's chosen purpose of 第十条. */
    public static final String PURPOSE = "purpose";

    @ModelAttribute("user")
    ConsoleUser user(@AuthenticationPrincipal ConsoleUser user) {
        return user;
    }

    /** The page's query parameters, for notices such as {@code ?reviewed=…}. */
    @ModelAttribute("query")
    MultiValueMap<String, String> query(ServerWebExchange exchange) {
        return exchange.getRequest().getQueryParams();
    }

    private final ServiceApis apis;

    PageModel(ServiceApis apis) {
        this.apis = apis;
    }

    /**
     * How many notices the organisation has not read (the header's 通知 link), for those with an inbox; nothing when
     * the query service does not answer — a page is not refused for its header.
     */
    @ModelAttribute("unreadNotices")
    Mono<Long> unreadNotices(@AuthenticationPrincipal ConsoleUser user) {
        if (user == null || !(user.has("UNIT") || user.has("PROVIDER") || user.has("CREDIT_OFFICE"))) {
            return Mono.empty();
        }
        return apis.get(
                        ServiceApis.Service.QUERY,
                        ServiceApis.path("/api/v1/notices").queryParam("limit", 1),
                        new Caller(user, null),
                        YearViews.Inbox.class)
                .map(YearViews.Inbox::unread)
                .onErrorResume(e -> Mono.empty());
    }

    /**
     * The calendar's warning for the credit office (next year's holidays missing from December 1, or this year's):
     * shown in every page's header until the notice is uploaded; nothing when the query service does not answer.
     */
    @ModelAttribute("calendarWarning")
    Mono<String> calendarWarning(@AuthenticationPrincipal ConsoleUser user) {
        if (user == null || !user.has("CREDIT_OFFICE")) {
            return Mono.empty();
        }
        return apis.get(
                        ServiceApis.Service.QUERY,
                        ServiceApis.path("/api/v1/calendar"),
                        new Caller(user, null),
                        YearViews.Calendar.class)
                .mapNotNull(YearViews.Calendar::warning)
                .onErrorResume(e -> Mono.empty());
    }

    @ModelAttribute("purpose")
    String purpose(WebSession session) {
        return session.getAttribute(PURPOSE);
    }

    @ModelAttribute("_csrf")
    Mono<CsrfToken> csrf(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? Mono.empty() : token;
    }

    /**
     * A refusal as a page of its own. An exception handler's model does not get the attributes above, so the page's
     * header (who is signed in, the purpose, the sign-out form's token) is filled here.
     */
    @ExceptionHandler(ApiRefusal.Refused.class)
    Mono<String> refused(ApiRefusal.Refused e, ServerWebExchange exchange, Model model) {
        ApiRefusal refusal = e.refusal();
        if (refusal.status() == 401) {
            return exchange.getSession().flatMap(WebSession::invalidate).thenReturn("redirect:/signin?expired");
        }
        exchange.getResponse().setStatusCode(HttpStatus.valueOf(refusal.status()));
        model.addAttribute("refusal", refusal);
        model.addAttribute("query", query(exchange));
        Mono<Void> user = ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication() == null
                        ? null
                        : c.getAuthentication().getPrincipal())
                .doOnNext(p -> model.addAttribute("user", p))
                .then();
        Mono<Void> purpose = exchange.getSession()
                .mapNotNull(this::purpose)
                .doOnNext(p -> model.addAttribute("purpose", p))
                .then();
        Mono<Void> csrf =
                csrf(exchange).doOnNext(t -> model.addAttribute("_csrf", t)).then();
        return Mono.when(user, purpose, csrf).thenReturn("refused");
    }
}
