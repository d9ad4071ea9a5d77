package io.edgeobs.gateway.error;

import java.time.Duration;
import java.util.Optional;

/**
 * What the gateway tells a client that it cannot take a request, and why. Each subclass is one HTTP status;
 * {@link ProblemMapper} renders them as RFC 7807 problem details. Messages are written for the sender: they say what
 * was wrong with the input, never how the gateway is built.
 */
public abstract class GatewayException extends RuntimeException {

    protected GatewayException(String message) {
        super(message);
    }

    protected GatewayException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status. */
    public abstract int status();

    /** The problem's title (a short phrase for the status). */
    public abstract String title();

    /** How long the client should wait before retrying, for statuses that invite a retry. */
    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /** 400: the body or a header cannot be read or is not allowed. */
    public static class BadRequest extends GatewayException {
        public BadRequest(String message) {
            super(message);
        }

        public BadRequest(String message, Throwable cause) {
            super(message, cause);
        }

        public int status() {
            return 400;
        }

        public String title() {
            return "bad request";
        }
    }

    /** 401: no credentials, or credentials the gateway does not know. */
    public static class Unauthorized extends GatewayException {
        public Unauthorized(String message) {
            super(message);
        }

        public int status() {
            return 401;
        }

        public String title() {
            return "unauthorized";
        }
    }

    /** 403: known credentials that may not do this (revoked, another device, the wrong kind). */
    public static class Forbidden extends GatewayException {
        public Forbidden(String message) {
            super(message);
        }

        public int status() {
            return 403;
        }

        public String title() {
            return "forbidden";
        }
    }

    /** 404: no such thing. */
    public static class NotFound extends GatewayException {
        public NotFound(String message) {
            super(message);
        }

        public int status() {
            return 404;
        }

        public String title() {
            return "not found";
        }
    }

    /** 413: over a size or count limit. */
    public static class TooLarge extends GatewayException {
        public TooLarge(String message) {
            super(message);
        }

        public int status() {
            return 413;
        }

        public String title() {
            return "payload too large";
        }
    }

    /** 415: a content type this endpoint does not read. */
    public static class UnsupportedType extends GatewayException {
        public UnsupportedType(String message) {
            super(message);
        }

        public int status() {
            return 415;
        }

        public String title() {
            return "unsupported media type";
        }
    }

    /** 429 or 503 with {@code Retry-After}: the gateway cannot take more now; nothing of the request was kept. */
    public static class Backpressure extends GatewayException {
        private final int status;
        private final Duration retryAfter;

        public Backpressure(int status, String message, Duration retryAfter) {
            super(message);
            if (status != 429 && status != 503) {
                throw new IllegalArgumentException("backpressure is 429 or 503, not " + status);
            }
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        public String title() {
            return status == 429 ? "too many requests" : "service unavailable";
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.of(retryAfter);
        }
    }

    /** 500: the gateway failed; the details are in its log, not in the answer. */
    public static class Internal extends GatewayException {
        public Internal(String message, Throwable cause) {
            super(message, cause);
        }

        public int status() {
            return 500;
        }

        public String title() {
            return "internal error";
        }
    }
}
