package io.edgeobs.query.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role an endpoint needs. On a method or its class; an {@code /api} endpoint without it needs
 * {@link Role#VIEWER}. {@link AuthFilter} enforces it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Requires {
    Role value();
}
