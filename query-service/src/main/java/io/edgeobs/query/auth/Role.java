package io.edgeobs.query.auth;

import io.edgeobs.query.api.QueryException;

import java.util.Locale;

/**
 * What a key may do, each role including the ones before it: a {@code viewer} reads, an {@code operator} also
 * manages alert rules, an {@code admin} also manages the tenant's API keys.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String parameter, String text) {
        if (text != null) {
            for (Role r : values()) {
                if (r.wireName().equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return r;
                }
            }
        }
        throw new QueryException.BadParameter(parameter, "unknown role '" + text + "'; use viewer, operator or admin");
    }
}
