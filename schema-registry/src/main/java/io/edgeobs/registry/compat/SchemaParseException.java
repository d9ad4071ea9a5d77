package io.edgeobs.registry.compat;

/** Schema text that cannot be parsed; the message says where and why. */
public final class SchemaParseException extends RuntimeException {

    public SchemaParseException(String message, Throwable cause) {
        super(message, cause);
    }

    public SchemaParseException(String message) {
        super(message);
    }
}
