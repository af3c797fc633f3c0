package cn.jiyuan.integrity.console.signin;

import cn.jiyuan.integrity.console.ConsoleProperties;
import cn.jiyuan.integrity.console.api.Caller;
import cn.jiyuan.integrity.console.api.CatalogCache;
import cn.jiyuan.integrity.console.api.ConsoleUser;
import cn.jiyuan.integrity.console.api.QueryViews;
import cn.jiyuan.integrity.console.api.ServiceApis;
import cn.jiyuan.integrity.console.api.ServiceApis.Service;
import cn.jiyuan.integrity.console.web.Labels;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The sign-in page. In local mode it offers the demo identities: the credit office, any department, any registered
 * unit, any organisation as a consumer of 第十条. Outside local mode there is no local sign-in at all: the page leads to
 * the organisation's OpenID Connect provider ({@link OidcSignIn}).
 */
@Controller
class SignInController {

    private static final List<String> LOCAL_ROLES =
            List.of(ConsoleUser.CREDIT_OFFICE, ConsoleUser.PROVIDER, ConsoleUser.UNIT, ConsoleUser.CONSUMER);

    private final ConsoleProperties properties;
    private final LocalIdentities identities;
    private final ServiceApis apis;
    private final ServerSecurityContextRepository contexts;
    private final ObjectProvider<ReactiveClientRegistrationRepository> registrations;
    private final CatalogCache catalogs;

    SignInController(
            ConsoleProperties properties,
            LocalIdentities identities,
            ServiceApis apis,
            ServerSecurityContextRepository contexts,
            ObjectProvider<ReactiveClientRegistrationRepository> registrations,
            CatalogCache catalogs) {
        this.registrations = registrations;
        this.catalogs = catalogs;
        this.properties = properties;
        this.identities = identities;
        this.apis = apis;
        this.contexts = contexts;
    }

    @GetMapping("/signin")
    Mono<String> page(ServerWebExchange exchange, Model model) {
        model.addAttribute("localMode", properties.localMode());
        var query = exchange.getRequest().getQueryParams();
        model.addAttribute("signedOut", query.containsKey("signedout"));
        model.addAttribute("expired", query.containsKey("expired"));
        model.addAttribute("invalid", query.containsKey("invalid"));
        model.addAttribute("failed", query.containsKey("failed"));
        model.addAttribute("noRole", query.containsKey("norole"));
        model.addAttribute(
                "providerSignIn",
                registrations.getIfAvailable() == null
                        ? null
                        : "/oauth2/authorization/" + properties.oidc().registration());
        if (!properties.localMode()) {
            return Mono.just("signin");
        }
        // the directory, read as the credit office would: only to list the demo identities
        Caller directory = new Caller(identities.signIn("XYB", ConsoleUser.CREDIT_OFFICE, "sign-in"), null);
        Mono<QueryViews.Catalog> catalog = catalogs.catalog(directory);
        Mono<QueryViews.Units> units =
                apis.get(Service.QUERY, ServiceApis.path("/api/v1/units"), directory, QueryViews.Units.class);
        return Mono.zip(catalog, units)
                .map(both -> {
                    QueryViews.Catalog c = both.getT1();
                    Map<String, String> providers = new TreeMap<>();
                    c.indicators().forEach(i -> i.providers().forEach(p -> providers.put(p, c.orgName(p))));
                    model.addAttribute("creditOffice", c.creditOffice());
                    model.addAttribute("creditOfficeName", c.orgName(c.creditOffice()));
                    model.addAttribute("providers", providers);
                    model.addAttribute(
                            "units",
                            both.getT2().units().stream()
                                    .filter(QueryViews.Unit::active)
                                    .toList());
                    model.addAttribute("organisations", new TreeMap<>(c.organisations()));
                    return "signin";
                })
                .onErrorResume(e -> {
                    model.addAttribute("directoryUnavailable", true);
                    return Mono.just("signin");
                });
    }

    /** Local mode only: signs in as the chosen organisation and role. */
    @PostMapping("/signin")
    Mono<String> signIn(ServerWebExchange exchange) {
        if (!properties.localMode()) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        return exchange.getFormData().flatMap(form -> {
            String org = form.getFirst("org");
            String role = form.getFirst("role");
            String name = form.getFirst("name");
            if (org == null || org.isBlank() || !LOCAL_ROLES.contains(role)) {
                return Mono.just("redirect:/signin?invalid");
            }
            ConsoleUser user = identities.signIn(
                    org.trim(), role, (name == null || name.isBlank() ? org : name) + " · " + Labels.roleName(role));
            UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.authenticated(
                    user, null, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
            // a new session id on sign-in: a session id planted before cannot ride on it (session fixation)
            return exchange.getSession()
                    .flatMap(WebSession::changeSessionId)
                    .then(contexts.save(exchange, new SecurityContextImpl(authentication)))
                    .thenReturn("redirect:" + user.home());
        });
    }
}
