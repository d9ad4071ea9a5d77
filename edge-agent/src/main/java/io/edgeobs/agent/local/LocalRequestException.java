package io.edgeobs.agent.local;

/** A local API request that cannot be read at all: answered 400 with what is wrong. */
public class LocalRequestException extends RuntimeException {

    public LocalRequestException(String message) {
        super(message);
    }
}
