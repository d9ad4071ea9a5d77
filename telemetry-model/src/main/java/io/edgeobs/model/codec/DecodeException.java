package io.edgeobs.model.codec;

/** Bytes that are not a valid encoded batch. */
public class DecodeException extends ModelException {

    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
