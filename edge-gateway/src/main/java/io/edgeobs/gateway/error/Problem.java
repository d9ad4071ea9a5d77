package io.edgeobs.gateway.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem details body. {@code code} and {@code message} repeat {@code status} and {@code detail} so
 * the same body also reads as a {@code google.rpc.Status}, which is what OTLP/JSON clients expect.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, Integer code, String message) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null);
    }

    /** The same problem, readable as a {@code google.rpc.Status} too. */
    public Problem asRpcStatus() {
        return new Problem(type, title, status, detail, status, detail);
    }
}
