package cn.jiyuan.integrity.rules.rights;

import java.util.Objects;
import java.util.Set;

/** An authenticated caller: who ({@code sub}), for which organisation, in which roles. */
public record Caller(String subject, String org, Set<Role> roles) {

    public Caller {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(org, "org");
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
