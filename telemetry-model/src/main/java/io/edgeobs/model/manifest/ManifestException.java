package io.edgeobs.model.manifest;

import java.util.Objects;

/**
 * A manifest (or its signature, key or source) that cannot be accepted. The message is a sentence for an
 * operator that says what failed and, where there is one, what to do; {@link #reason()} is the metric tag.
 */
public class ManifestException extends RuntimeException {

    private final RefusalReason reason;

    public ManifestException(RefusalReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public ManifestException(RefusalReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RefusalReason reason() {
        return reason;
    }

    static ManifestException malformed(String path, String problem) {
        return new ManifestException(RefusalReason.MALFORMED,
                "manifest is malformed: " + (path.isEmpty() ? "" : path + ": ") + problem);
    }
}
