package io.edgeobs.model.manifest;

import java.time.Instant;
import java.util.Optional;

/**
 * One refused manifest or failed source.
 *
 * @param reason  the metric tag
 * @param source  {@link ManifestSource#describe()}
 * @param message what failed, for the log
 * @param at      when (the watcher's clock)
 * @param inForce the manifest that stays in force, if any
 */
public record Refusal(RefusalReason reason, String source, String message, Instant at, Optional<VerifiedManifest> inForce) {

    /** {@code <message>; <manifest> stays in force} or {@code ...; no manifest is in force}. */
    public String describe() {
        return "manifest from " + source + " refused (" + reason.tag() + "): " + message + "; "
                + inForce.map(m -> m.manifest().describe() + " stays in force").orElse("no manifest is in force");
    }
}
