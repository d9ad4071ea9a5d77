package io.edgeobs.ingest.decode;

/** A record that can never be stored as it is; it goes to the DLQ with this reason and message. */
public class PoisonException extends Exception {

    private final PoisonReason reason;

    public PoisonException(PoisonReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PoisonReason reason() {
        return reason;
    }
}
