package cn.jiyuan.integrity.support.security;

import cn.jiyuan.integrity.support.problems.ProblemWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * Every endpoint but health, metrics and the OpenAPI document needs a valid bearer token (API.md §Tokens): 401 for a
 * missing, malformed, expired or wrongly signed one, or one without {@code exp} or {@code org}; what a valid caller
 * may do is decided per endpoint by the rules' {@code Rights}.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
public class IntegritySecurityConfiguration {

    /** Paths anyone may read: health, Prometheus metrics, the OpenAPI document. */
    public static final String[] PUBLIC_PATHS = {
        "/actuator/health",
        "/actuator/health/**",
        "/actuator/prometheus",
        "/actuator/info",
        "/v3/api-docs",
        "/v3/api-docs/**"
    };

    @Bean
    @ConditionalOnMissingBean
    ReactiveJwtDecoder integrityJwtDecoder(JwtProperties properties) {
        NimbusReactiveJwtDecoder decoder;
        if (hasText(properties.jwkSetUri())) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                    .build();
        } else if (hasText(properties.issuerUri())) {
            decoder = (NimbusReactiveJwtDecoder) ReactiveJwtDecoders.fromIssuerLocation(properties.issuerUri());
        } else {
            SecretKey key = new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            decoder = NimbusReactiveJwtDecoder.withSecretKey(key)
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        }
        OAuth2TokenValidator<Jwt> defaults = hasText(properties.issuerUri())
                ? JwtValidators.createDefaultWithIssuer(properties.issuerUri())
                : JwtValidators.createDefault();
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(List.of(defaults, requiredClaims()));
        decoder.setJwtValidator(validator);
        if (properties.cacheFor().isZero() || properties.cacheFor().isNegative()) {
            return decoder;
        }
        return new CachingJwtDecoder(
                decoder, validator, properties.cacheFor(), properties.cacheSize(), System::nanoTime);
    }

    /** {@code exp}, {@code sub} and {@code org} are required: a token that never expires or names no org is refused. */
    private static OAuth2TokenValidator<Jwt> requiredClaims() {
        return jwt -> {
            if (jwt.getExpiresAt() == null) {
                return failure("the token has no exp claim");
            }
            if (!hasText(jwt.getSubject())) {
                return failure("the token has no sub claim");
            }
            if (!hasText(jwt.getClaimAsString(Callers.ORG_CLAIM))) {
                return failure("the token has no org claim");
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain integritySecurityFilterChain(ServerHttpSecurity http, ProblemWriter problems) {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(Callers.ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(authorities);

        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(ex ->
                        ex.pathMatchers(PUBLIC_PATHS).permitAll().anyExchange().authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(converter)))
                        .authenticationEntryPoint((exchange, e) -> problems.write(
                                exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", unauthorizedDetail(e)))
                        .accessDeniedHandler((exchange, e) ->
                                problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden", e.getMessage())))
                .exceptionHandling(ex -> ex.authenticationEntryPoint((exchange, e) -> problems.write(
                                exchange, HttpStatus.UNAUTHORIZED, "Unauthorized", unauthorizedDetail(e)))
                        .accessDeniedHandler((exchange, e) ->
                                problems.write(exchange, HttpStatus.FORBIDDEN, "Forbidden", e.getMessage())))
                .build();
    }

    private static String unauthorizedDetail(Exception e) {
        String message = e.getMessage();
        if (message == null || message.contains("Not Authenticated") || message.contains("Full authentication")) {
            return "a bearer token is required (Authorization: Bearer <JWT>)";
        }
        return message;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
