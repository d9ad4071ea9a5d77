package io.edgeobs.model.manifest;

/** A key file that cannot be read, written or used; the message names the file and what to do. */
public class KeyFileException extends RuntimeException {

    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
