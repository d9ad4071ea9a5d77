package io.edgeobs.model.sampling;

import io.edgeobs.model.Id;

/**
 * The one trace sampling decision of edgeobs, shared by agents and gateways: a trace is kept when a seeded 64-bit
 * hash of its id, read as a fraction of 2^64, is below the rate. The decision depends only on the trace id, the
 * fleet-wide seed and the rate, so every device and every gateway of a fleet keeps the same traces whole, and a
 * lower rate keeps a subset of what a higher rate keeps. The hash mixes all 16 bytes, so ids whose first bytes
 * are a timestamp (as some SDKs make them) sample as evenly as random ones.
 */
public final class TraceIdSampler {

    private final long seed;
    private final double rate;
    /** Hashes below this, compared unsigned, are kept: {@code rate * 2^64}. */
    private final long threshold;

    /**
     * @param seed fleet-wide; devices of one fleet must share it for traces to be kept whole across them
     * @param rate share of traces to keep, 0 to 1
     */
    public TraceIdSampler(long seed, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException("a sampling rate must be between 0 and 1, was " + rate);
        }
        this.seed = seed;
        this.rate = rate;
        this.threshold = rate >= 1 ? -1L : (long) (rate * 0x1p63) << 1; // unsigned rate * 2^64, truncated
    }

    /** A seed from a configured string (for example the fleet name or a secret), the same on every JVM. */
    public static long seedOf(String text) {
        long h = 0xcbf29ce484222325L; // FNV-1a 64 over UTF-16 code units, then mixed
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    public double rate() {
        return rate;
    }

    /** Whether the trace with this id is kept. */
    public boolean keep(Id traceId) {
        if (rate >= 1) {
            return true;
        }
        if (rate <= 0) {
            return false;
        }
        return Long.compareUnsigned(hash(seed, traceId.toByteArray()), threshold) < 0;
    }

    /** The seeded hash of a trace id (exposed so other components can document and test the rule). */
    public static long hash(long seed, byte[] traceId) {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < traceId.length; i++) {
            if (i < 8) {
                hi = (hi << 8) | (traceId[i] & 0xff);
            } else {
                lo = (lo << 8) | (traceId[i] & 0xff);
            }
        }
        return mix(mix(seed ^ hi) + lo);
    }

    /** SplitMix64's finaliser: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
