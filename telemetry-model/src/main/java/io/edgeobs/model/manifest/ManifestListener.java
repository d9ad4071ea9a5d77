package io.edgeobs.model.manifest;

import java.util.Optional;

/**
 * What a service hears from a {@link ManifestWatcher}, on the watcher's thread: turn {@link #onApplied} into a
 * reconfiguration and {@link #onRefused} into a counter tagged with {@link RefusalReason#tag()}. An exception
 * thrown here is logged and does not undo the change.
 */
public interface ManifestListener {

    /** A new verified manifest is in force. */
    default void onApplied(VerifiedManifest manifest, Optional<VerifiedManifest> previous) {
    }

    /** A manifest (or source) was refused; {@link Refusal#inForce()} is what stays in force. Reported once per distinct failure. */
    default void onRefused(Refusal refusal) {
    }
}
