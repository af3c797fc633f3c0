package cn.jiyuan.integrity.support.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * What a token must be, besides well signed (API.md §Tokens): not expired (no grace beyond the configured skew),
 * issued ({@code iat}) no longer than the maximum lifetime before it expires, with a {@code sub}, an {@code org} of the
 * shape of an organisation code and {@code roles} as an array of strings. From an external issuer it must also name
 * that issuer, be meant for this platform ({@code aud}) and be an access token (JOSE {@code typ}; an ID token, which
 * carries {@code nonce} or {@code at_hash}, is refused whatever its header says).
 */
final class TokenValidation {

    /** Organisation codes (SCORING.md §6) are short identifiers, like unit ids. */
    private static final Pattern ORG = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private static final int MAX_SUBJECT_LENGTH = 256;
    private static final int MAX_ROLE_LENGTH = 64;

    private TokenValidation() {}

    static OAuth2TokenValidator<Jwt> of(JwtProperties properties, Clock clock) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
        timestamps.setClock(clock);
        validators.add(timestamps);
        validators.add(lifetime(properties.maxLifetime(), properties.clockSkew(), clock));
        validators.add(TokenValidation::claims);
        if (properties.external()) {
            validators.add(new JwtIssuerValidator(properties.expectedIssuer()));
            validators.add(audience(properties.audience()));
            validators.add(accessToken(properties.tokenTypes()));
        } else {
            validators.add(accessToken(List.of("JWT", "at+jwt", "application/at+jwt", "")));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    private static OAuth2TokenValidator<Jwt> lifetime(Duration max, Duration skew, Clock clock) {
        return jwt -> {
            Instant issued = jwt.getIssuedAt();
            Instant expires = jwt.getExpiresAt();
            if (issued == null) {
                return failure("the token has no iat claim");
            }
            if (expires == null) {
                return failure("the token has no exp claim");
            }
            if (issued.isAfter(clock.instant().plus(skew))) {
                return failure("the token is issued in the future");
            }
            if (Duration.between(issued, expires).compareTo(max) > 0) {
                return failure("the token lives longer than " + max.toHours() + " h (exp − iat)");
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidatorResult claims(Jwt jwt) {
        String subject = jwt.getSubject();
        if (subject == null
                || subject.isBlank()
                || subject.length() > MAX_SUBJECT_LENGTH
                || subject.chars().anyMatch(Character::isISOControl)) {
            return failure("the token's sub claim is missing or not plain text");
        }
        if (!(jwt.getClaims().get(Callers.ORG_CLAIM) instanceof String org)
                || !ORG.matcher(org).matches()) {
            return failure("the token's org claim is missing or not an organisation code");
        }
        Object roles = jwt.getClaims().get(Callers.ROLES_CLAIM);
        if (roles != null && !isListOfShortStrings(roles)) {
            return failure("the token's roles claim is not an array of strings");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static boolean isListOfShortStrings(Object value) {
        if (!(value instanceof Collection<?> items)) {
            return false;
        }
        for (Object item : items) {
            if (!(item instanceof String s) || s.length() > MAX_ROLE_LENGTH) {
                return false;
            }
        }
        return true;
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> {
            List<String> aud = jwt.getAudience();
            return aud != null && aud.contains(audience)
                    ? OAuth2TokenValidatorResult.success()
                    : failure("the token is not meant for this audience");
        };
    }

    private static OAuth2TokenValidator<Jwt> accessToken(List<String> types) {
        List<String> accepted =
                types.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
        return jwt -> {
            Object typ = jwt.getHeaders().get("typ");
            String type = typ == null ? "" : typ.toString().toLowerCase(Locale.ROOT);
            if (!accepted.contains(type)) {
                return failure("the token is not an access token (typ " + typ + ")");
            }
            if (jwt.hasClaim("nonce") || jwt.hasClaim("at_hash")) {
                return failure("the token is an ID token");
            }
            return OAuth2TokenValidatorResult.success();
        };
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
