package io.edgeobs.model.sampling;

import io.edgeobs.model.Id;

/**
 * The fleet-wide trace sampling decision: a trace is kept when a seeded 64-bit hash of its trace id falls below the
 * ratio. It depends only on the trace id, the ratio and the seed, so every agent and gateway that shares the seed
 * keeps or drops all spans of a trace alike, and a ratio of 0.1 keeps a subset of what 0.2 keeps.
 */
public final class TraceSampling {

    private static final double TWO_TO_63 = 0x1p63;

    private TraceSampling() {
    }

    /** Whether a trace is kept at {@code ratio} (0 keeps none, 1 keeps all). */
    public static boolean keep(Id traceId, double ratio, long seed) {
        if (ratio >= 1) {
            return true;
        }
        if (ratio <= 0) {
            return false;
        }
        return (hash(traceId, seed) >>> 1) < (long) (ratio * TWO_TO_63);
    }

    /** The seeded hash: each 8-byte half of the id (big-endian) is mixed in turn; shorter ids byte by byte. */
    public static long hash(Id traceId, long seed) {
        byte[] b = traceId.toByteArray();
        long h = mix(seed ^ 0x9e3779b97f4a7c15L);
        if (b.length == Id.TRACE_ID_LENGTH) {
            h = mix(h ^ readLong(b, 0));
            return mix(h ^ readLong(b, 8));
        }
        for (byte x : b) {
            h = mix(h ^ (x & 0xff));
        }
        return h;
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** The 64-bit finaliser of MurmurHash3: every input bit affects every output bit. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
