package io.edgeobs.model.codec;

/** Base of the model's errors: input that cannot be read as telemetry. The message says what is wrong. */
public class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
