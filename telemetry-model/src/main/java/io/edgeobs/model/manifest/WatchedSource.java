package io.edgeobs.model.manifest;

import org.jboss.logging.Logger;

import java.util.function.Consumer;

/**
 * One source of a {@link ManifestWatcher} and what the watcher last saw from it: decides, per poll, whether the
 * source offers something new to apply or refuse.
 */
final class WatchedSource {

    private static final Logger LOG = Logger.getLogger(WatchedSource.class);

    /** What the source offers: a verified manifest or a refusal; {@code key} identifies it across polls. */
    record Outcome(String key, VerifiedManifest accepted, ManifestException refused) {
        static Outcome refused(String contentKey, ManifestException e) {
            return new Outcome("refused " + contentKey + " " + e.reason() + " " + e.getMessage(), null, e);
        }
    }

    final ManifestSource source;
    private String lastOutcome;
    private String pending;
    private VerifiedManifest lastAccepted;

    WatchedSource(ManifestSource source) {
        this.source = source;
    }

    /**
     * Reads the source and returns what should be applied or refused now, or null when there is nothing new (or a
     * change is still settling).
     */
    Outcome poll(ManifestVerifier verifier, RollbackFloor floor, Consumer<VerifiedManifest> check,
                 VerifiedManifest current, boolean settle) {
        Outcome o = evaluate(verifier, floor, check);
        if (o == null || o.key.equals(lastOutcome)) {
            if (o != null && o.accepted != null) {
                lastAccepted = o.accepted; // same content, fresh file stamps
            }
            pending = null;
            return null;
        }
        if (o.accepted != null && current != null && o.accepted.sha256().equals(current.sha256())) {
            lastOutcome = o.key; // the manifest in force, seen (again) here: nothing to apply
            lastAccepted = o.accepted;
            pending = null;
            return null;
        }
        if (settle && source.settles() && current != null && !o.key.equals(pending)) {
            pending = o.key;
            LOG.debugf("manifest change at %s seen; acting on it if it is the same on the next poll", source.describe());
            return null;
        }
        pending = null;
        lastOutcome = o.key;
        if (o.accepted != null) {
            lastAccepted = o.accepted;
        }
        return o;
    }

    /** What the source offers now, or null when it is what it last had accepted, files untouched. */
    private Outcome evaluate(ManifestVerifier verifier, RollbackFloor floor, Consumer<VerifiedManifest> check) {
        SignedManifest signed;
        try {
            signed = source.read(verifier.limits());
        } catch (ManifestException e) {
            return Outcome.refused("", e);
        }
        String contentKey = contentKey(signed);
        if (lastAccepted != null && contentKey(lastAccepted.signed()).equals(contentKey) && lastAccepted.filesUnchangedOnDisk()) {
            return null;
        }
        try {
            VerifiedManifest v = verifier.verify(signed, source.baseDir(), floor);
            runCheck(check, v);
            return new Outcome("accepted " + contentKey, v, null);
        } catch (ManifestException e) {
            return Outcome.refused(contentKey, e);
        }
    }

    private static String contentKey(SignedManifest s) {
        return s.sha256() + "/" + Digests.sha256Hex(s.signature().toJson());
    }

    /** Runs the service's check; anything it throws becomes a refusal (its own reason, else malformed). */
    static void runCheck(Consumer<VerifiedManifest> check, VerifiedManifest v) {
        try {
            check.accept(v);
        } catch (ManifestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ManifestException(RefusalReason.MALFORMED, "manifest refused by the service's check: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }
}
