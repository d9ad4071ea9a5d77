package io.edgeobs.model.registry;

import io.edgeobs.model.codec.ModelException;

/**
 * The registry could not answer or refused. Readers fail closed on it: a record whose schema id cannot be
 * resolved is never decoded with a guessed schema. {@link #errorCode()} is the registry's error code (for example
 * 40403 for an unknown schema), or -1 when the registry could not be reached.
 */
public class SchemaRegistryException extends ModelException {

    private final int errorCode;

    public SchemaRegistryException(String message, int errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    public int errorCode() {
        return errorCode;
    }
}
