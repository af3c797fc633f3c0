package cn.jiyuan.integrity.console.signin;

import cn.jiyuan.integrity.console.ConsoleProperties;
import cn.jiyuan.integrity.console.api.ConsoleUser;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.server.DefaultServerRedirectStrategy;
import org.springframework.security.web.server.WebFilterExchange;
import org.springframework.security.web.server.authentication.ServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import reactor.core.publisher.Mono;

/**
 * Sign-in through the organisation's OpenID Connect provider: once the provider has said who it is, the person
 * becomes a {@link ConsoleUser} — organisation and roles from the claims named in configuration, and the access token
 * the provider issued for the APIs' audience as the token the console forwards. The console checks nothing else:
 * the services verify that token as they verify any other.
 */
final class OidcSignIn implements ServerAuthenticationSuccessHandler {

    private final ServerOAuth2AuthorizedClientRepository authorizedClients;
    private final ServerSecurityContextRepository contexts;
    private final ConsoleProperties.Oidc claims;
    private final DefaultServerRedirectStrategy redirect = new DefaultServerRedirectStrategy();

    OidcSignIn(
            ServerOAuth2AuthorizedClientRepository authorizedClients,
            ServerSecurityContextRepository contexts,
            ConsoleProperties.Oidc claims) {
        this.authorizedClients = authorizedClients;
        this.contexts = contexts;
        this.claims = claims;
    }

    @Override
    public Mono<Void> onAuthenticationSuccess(WebFilterExchange filterExchange, Authentication authentication) {
        var exchange = filterExchange.getExchange();
        OAuth2AuthenticationToken login = (OAuth2AuthenticationToken) authentication;
        return authorizedClients
                .loadAuthorizedClient(login.getAuthorizedClientRegistrationId(), login, exchange)
                .switchIfEmpty(Mono.error(new IllegalStateException("the provider's tokens were not kept")))
                .flatMap(client -> {
                    ConsoleUser user = user(
                            (OidcUser) login.getPrincipal(),
                            client.getAccessToken().getTokenValue(),
                            client.getAccessToken().getExpiresAt());
                    Authentication signedIn = UsernamePasswordAuthenticationToken.authenticated(
                            user,
                            null,
                            user.roles().stream()
                                    .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                                    .toList());
                    return contexts.save(exchange, new SecurityContextImpl(signedIn))
                            .then(redirect.sendRedirect(exchange, URI.create(user.home())));
                });
    }

    ConsoleUser user(OidcUser person, String accessToken, Instant expiresAt) {
        String org = person.getClaimAsString(claims.orgClaim());
        Object roles = person.getClaims().get(claims.rolesClaim());
        List<String> roleList = roles instanceof Collection<?> c
                ? c.stream().map(String::valueOf).toList()
                : roles == null ? List.of() : List.of(String.valueOf(roles).split("[ ,]+"));
        String name = person.getClaimAsString(claims.nameClaim());
        String shown = (name == null || name.isBlank() ? person.getSubject() : name)
                + (roleList.isEmpty() ? "" : " · " + cn.jiyuan.integrity.console.web.Labels.roleName(roleList.get(0)));
        return new ConsoleUser(person.getSubject(), shown, org, roleList, accessToken, expiresAt);
    }
}
