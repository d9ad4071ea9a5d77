package io.edgeobs.gateway.policy;

/** A policy that cannot be used; the message says where ({@code rules[2].window}) and what is wrong. */
public class PolicyException extends RuntimeException {

    public PolicyException(String message) {
        super(message);
    }

    public PolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
