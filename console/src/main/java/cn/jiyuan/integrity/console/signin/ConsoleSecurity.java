package cn.jiyuan.integrity.console.signin;

import cn.jiyuan.integrity.console.ConsoleProperties;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter.Mode;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionManager;

/**
 * Who may see which page is the services' business; the console only makes sure that someone is signed in, that
 * every form carries the session's CSRF token, that the session cookie cannot be read by scripts or sent by other
 * sites, and that the browser runs no script the console did not serve (no inline scripts, no eval).
 */
@Configuration
@EnableWebFluxSecurity
class ConsoleSecurity {

    static final String SESSION_COOKIE = "INTEGRITY_CONSOLE";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'";

    @Bean
    ServerSecurityContextRepository securityContextRepository() {
        return new WebSessionServerSecurityContextRepository();
    }

    @Bean
    SecurityWebFilterChain consoleFilterChain(
            ServerHttpSecurity http,
            ServerSecurityContextRepository contexts,
            ConsoleProperties properties,
            ObjectProvider<ReactiveClientRegistrationRepository> registrations) {
        ReactiveClientRegistrationRepository provider = registrations.getIfAvailable();
        if (provider == null && !properties.localMode()) {
            throw new IllegalStateException("the console has no way to sign anyone in: configure the organisation's"
                    + " OpenID Connect provider (spring.security.oauth2.client.registration.integrity.client-id,"
                    + " …client-secret, spring.security.oauth2.client.provider.integrity.issuer-uri), or, for a local"
                    + " run only, INTEGRITY_LOCAL_MODE=true");
        }
        RedirectServerLogoutSuccessHandler signedOut = new RedirectServerLogoutSuccessHandler();
        signedOut.setLogoutSuccessUrl(URI.create("/signin?signedout"));
        if (provider != null) {
            // with the provider: its token is the APIs' token, kept in the session like the local one
            WebSessionServerOAuth2AuthorizedClientRepository authorizedClients =
                    new WebSessionServerOAuth2AuthorizedClientRepository();
            http.oauth2Login(login -> login.authorizedClientRepository(authorizedClients)
                    .securityContextRepository(contexts)
                    .authenticationSuccessHandler(new OidcSignIn(authorizedClients, contexts, properties.oidc()))
                    .authenticationFailureHandler(new RedirectServerAuthenticationFailureHandler("/signin?failed")));
        }
        return http.securityContextRepository(contexts)
                .authorizeExchange(a -> a.pathMatchers(
                                "/signin",
                                "/oauth2/**",
                                "/login/oauth2/**",
                                "/css/**",
                                "/js/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/prometheus")
                        .permitAll()
                        .anyExchange()
                        .authenticated())
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(new RedirectServerAuthenticationEntryPoint("/signin")))
                // uploads are multipart: their CSRF token travels in the form's data like any other form's
                .csrf(c -> c.csrfTokenRequestHandler(multipartAware()))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .frameOptions(f -> f.mode(Mode.DENY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
                .logout(l -> l.logoutUrl("/signout")
                        // the whole session ends, not only the sign-in: the next person in this browser must not
                        // read with the last one's purpose of 第十条
                        .logoutHandler(new DelegatingServerLogoutHandler(
                                new SecurityContextServerLogoutHandler(), new WebSessionServerLogoutHandler()))
                        .logoutSuccessHandler(signedOut))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .build();
    }

    private static XorServerCsrfTokenRequestAttributeHandler multipartAware() {
        XorServerCsrfTokenRequestAttributeHandler handler = new XorServerCsrfTokenRequestAttributeHandler();
        handler.setTokenFromMultipartDataEnabled(true);
        return handler;
    }

    /** Sessions in memory, ended after {@code sessionIdle}; the cookie HttpOnly, SameSite=Lax, Secure under TLS. */
    @Bean
    WebSessionManager webSessionManager(ConsoleProperties properties) {
        InMemoryWebSessionStore store = new InMemoryWebSessionStore();
        store.setMaxSessions(10_000);
        CookieWebSessionIdResolver cookies = new CookieWebSessionIdResolver();
        cookies.setCookieName(SESSION_COOKIE);
        cookies.setCookieMaxAge(Duration.ofSeconds(-1)); // a browser-session cookie
        cookies.addCookieInitializer(c -> c.secure(properties.secureCookie())
                .httpOnly(true)
                .sameSite("Lax")
                .path("/"));
        DefaultWebSessionManager manager = new DefaultWebSessionManager();
        manager.setSessionStore(new IdleLimitedStore(store, properties.sessionIdle()));
        manager.setSessionIdResolver(cookies);
        return manager;
    }

    @Bean
    Clock consoleClock() {
        return Clock.systemUTC();
    }

    @Bean
    LocalIdentities localIdentities(ConsoleProperties properties, Clock clock) {
        return new LocalIdentities(properties.localSecret(), clock);
    }
}
