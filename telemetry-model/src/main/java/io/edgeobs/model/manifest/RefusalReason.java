package io.edgeobs.model.manifest;

import java.util.Locale;

/**
 * Why a manifest was refused. {@link #tag()} is the lower-case name services use as a metric tag
 * ({@code reason="checksum"}), so the set is closed and stable.
 */
public enum RefusalReason {
    /** The signature does not match the manifest's bytes, or there is no signature. */
    SIGNATURE,
    /** Signed by a key id that is not in the trust store. */
    UNTRUSTED_KEY,
    /** A referenced file's SHA-256 differs from the one the manifest lists. */
    CHECKSUM,
    /** A referenced file is absent, not a regular file, or (through a symlink) outside the manifest's directory. */
    MISSING_FILE,
    /** The version is below the one in force, or equal to it with different content. */
    ROLLBACK,
    /** Not a valid manifest or signature document: YAML, a field, a path that escapes the directory. */
    MALFORMED,
    /** A valid manifest for another kind, fleet or device type than this service's. */
    WRONG_TARGET,
    /** The manifest, its signature or a referenced file is larger than the configured limit. */
    TOO_LARGE,
    /** The source could not be read at all: file absent, HTTP error, gateway unreachable. */
    UNAVAILABLE;

    /** The metric tag value: {@code signature}, {@code untrusted_key}, ... */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
