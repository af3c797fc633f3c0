package cn.jiyuan.integrity.support.security;

import cn.jiyuan.integrity.support.problems.ProblemWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Every endpoint but health, metrics and the OpenAPI document needs a valid bearer token (API.md §Tokens): 401 for a
 * missing, malformed, expired or wrongly signed one, or one {@link TokenValidation} refuses; what a valid caller may do
 * is decided per endpoint by the rules' {@code Rights}, never by Spring authorities. A refused token gets one fixed
 * answer (the reason is logged, not told: it would confirm a forger's guesses).
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class IntegritySecurityConfiguration {

    /** The local-mode switch (env INTEGRITY_LOCAL_MODE): only the local launcher and the tests set it. */
    public static final String LOCAL_MODE = "integrity.local-mode";

    /** Paths anyone may read: health (details only for a signed-in caller), Prometheus metrics, the OpenAPI document. */
    /** API.md: every endpoint but health and metrics needs a token — the OpenAPI document too (audit D11). */
    public static final String[] PUBLIC_PATHS = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus"};

    static final String TOKEN_REQUIRED = "a bearer token is required (Authorization: Bearer <JWT>)";
    static final String TOKEN_REFUSED = "the bearer token is not valid here";

    private static final Logger log = LoggerFactory.getLogger(IntegritySecurityConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder integrityJwtDecoder(JwtProperties properties, Environment environment) {
        NimbusReactiveJwtDecoder decoder;
        if (properties.external()) {
            properties.requireIssuerAndAudience();
            Set<SignatureAlgorithm> algorithms = signatureAlgorithms(properties.algorithms());
            decoder = (JwtProperties.hasText(properties.jwkSetUri())
                            ? NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                            : NimbusReactiveJwtDecoder.withIssuerLocation(properties.issuerUri()))
                    .validateType(false) // TokenValidation checks typ: an access token, not a JWT of any kind
                    .jwsAlgorithms(set -> {
                        set.clear();
                        set.addAll(algorithms);
                    })
                    .build();
        } else {
            boolean localMode = environment.getProperty(LOCAL_MODE, Boolean.class, false);
            SecretKey key = new SecretKeySpec(
                    properties.verifiedSecret(localMode).getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                    .validateType(false)
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        }
        OAuth2TokenValidator<Jwt> validator = TokenValidation.of(properties, Clock.systemUTC());
        decoder.setJwtValidator(validator);
        if (properties.cacheFor().isZero() || properties.cacheFor().isNegative()) {
            return decoder;
        }
        return new CachingJwtDecoder(
                decoder, validator, properties.cacheFor(), properties.cacheSize(), System::nanoTime);
    }

    /** Only asymmetric algorithms for an external issuer: HS256 with the public key as secret must never verify. */
    private static Set<SignatureAlgorithm> signatureAlgorithms(List<String> names) {
        Set<SignatureAlgorithm> algorithms = new HashSet<>();
        for (String name : names) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
            if (algorithm == null) {
                throw new UnsafeConfigurationException(
                        "unknown token signature algorithm " + name,
                        "list asymmetric JWS algorithms (RS256, ES256, PS256 …) in integrity.security.jwt.algorithms");
            }
            algorithms.add(algorithm);
        }
        return algorithms;
    }

    /**
     * A request the firewall refuses (an encoded NUL, slash or dot-dot in the path…) is 400 problem+json like every
     * other refusal, not an empty answer.
     */
    @Bean
    @ConditionalOnMissingBean
    ServerExchangeRejectedHandler integrityExchangeRejectedHandler(ProblemWriter problems) {
        return (exchange, e) -> problems.write(
                exchange,
                HttpStatus.BAD_REQUEST,
                "Bad request",
                "the request's path or headers are not allowed (encoded slashes, dots, NUL or line breaks)");
    }

    /**
     * Spring Security's strict firewall, whose header checks are decided without a regex for ASCII text
     * ({@link HeaderCharacters}: the same answers, a quarter of a busy service's request time less).
     */
    @Bean
    @ConditionalOnMissingBean
    ServerWebExchangeFirewall integrityFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(HeaderCharacters.NAMES);
        firewall.setAllowedHeaderValues(HeaderCharacters.VALUES);
        return firewall;
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain integritySecurityFilterChain(ServerHttpSecurity http, ProblemWriter problems) {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        // Authorities serve only the actuator (health details for OPERATOR); the API decides with the rules' Rights.
        converter.setJwtGrantedAuthoritiesConverter(jwt -> Callers.roles(jwt).stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.name()))
                .toList());
        ServerAuthenticationEntryPoint unauthorized = (exchange, e) ->
                problems.write(exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", unauthorizedDetail(e));
        ServerAccessDeniedHandler forbidden = (exchange, e) ->
                problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden", "this caller may not do this");

        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(ex ->
                        ex.pathMatchers(PUBLIC_PATHS).permitAll().anyExchange().authenticated())
                .oauth2ResourceServer(rs -> rs.bearerTokenConverter(new BearerTokens())
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(converter)))
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(
                        ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .build();
    }

    private static String unauthorizedDetail(AuthenticationException e) {
        String message = e.getMessage();
        if (message == null || message.contains("Not Authenticated") || message.contains("Full authentication")) {
            return TOKEN_REQUIRED;
        }
        log.debug("token refused: {}", message);
        return TOKEN_REFUSED;
    }
}
