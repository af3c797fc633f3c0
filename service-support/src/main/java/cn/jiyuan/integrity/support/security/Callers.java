package cn.jiyuan.integrity.support.security;

import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;

/** The rules' {@link Caller} from a validated token: {@code sub}, {@code org}, {@code roles} (API.md §Tokens). */
public final class Callers {

    public static final String ORG_CLAIM = "org";
    public static final String ROLES_CLAIM = "roles";

    private Callers() {}

    public static Caller of(Jwt jwt) {
        return new Caller(jwt.getSubject(), jwt.getClaimAsString(ORG_CLAIM), roles(jwt));
    }

    /** Roles the platform knows; unknown strings grant nothing. */
    public static Set<Role> roles(Jwt jwt) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<String> claimed = jwt.getClaimAsStringList(ROLES_CLAIM);
        if (claimed != null) {
            for (String r : claimed) {
                for (Role role : Role.values()) {
                    if (role.name().equals(r)) {
                        roles.add(role);
                    }
                }
            }
        }
        return roles;
    }
}
