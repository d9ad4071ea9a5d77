package io.edgeobs.model.manifest;

/**
 * Size limits that keep a hostile or mistaken manifest from filling a small device's heap: a verified manifest
 * keeps the bytes of every file it references in memory (so what is in force cannot change under it), and the agent
 * runs with a 32 MiB heap.
 *
 * @param maxManifestBytes  largest manifest (and, base64-inflated, wire document); manifests are configuration,
 *                          a few KiB, so 1 MiB is generous
 * @param maxFileBytes      largest referenced file (policy, scrape targets, CA certificates: KiBs)
 * @param maxTotalFileBytes all referenced files of one manifest together
 */
public record ManifestLimits(int maxManifestBytes, int maxFileBytes, long maxTotalFileBytes) {

    public static final ManifestLimits DEFAULTS = new ManifestLimits(1 << 20, 1 << 20, 4L << 20);

    public ManifestLimits {
        if (maxManifestBytes <= 0) {
            throw new IllegalArgumentException("maxManifestBytes must be positive, was " + maxManifestBytes);
        }
        if (maxFileBytes <= 0) {
            throw new IllegalArgumentException("maxFileBytes must be positive, was " + maxFileBytes);
        }
        if (maxTotalFileBytes < maxFileBytes) {
            throw new IllegalArgumentException("maxTotalFileBytes (" + maxTotalFileBytes
                    + ") must be at least maxFileBytes (" + maxFileBytes + ")");
        }
    }

    /** Largest wire document: the manifest in base64 plus the signature and the JSON around them. */
    int maxWireBytes() {
        return (int) Math.min(Integer.MAX_VALUE - 8, (long) maxManifestBytes * 4 / 3 + 8192);
    }
}
