package io.edgeobs.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 7807 problem details body; {@code parameter} names the request parameter at fault, when one is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail, String parameter) {
        return new Problem("about:blank", title, status, detail, parameter);
    }
}
