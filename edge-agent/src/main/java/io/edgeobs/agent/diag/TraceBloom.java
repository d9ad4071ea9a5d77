package io.edgeobs.agent.diag;

import io.edgeobs.model.Id;

/**
 * Which trace ids a segment may hold: a Bloom filter of 32 Ki bits (4 KiB) with three probes, so a trace lookup
 * reads only the segments that may have it. False positives (about 1% at 3,000 traces per segment) only cost a
 * read; there are no false negatives.
 */
final class TraceBloom {

    private static final int BITS = 1 << 15;
    private final long[] words = new long[BITS / 64];

    void add(Id traceId) {
        long h = hash(traceId);
        for (int i = 0; i < 3; i++) {
            int bit = probe(h, i);
            words[bit >>> 6] |= 1L << bit;
        }
    }

    boolean mayContain(Id traceId) {
        long h = hash(traceId);
        for (int i = 0; i < 3; i++) {
            int bit = probe(h, i);
            if ((words[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    private static int probe(long h, int i) {
        return (int) (((h >>> (i * 21)) ^ (h * (i + 1))) & (BITS - 1));
    }

    private static long hash(Id id) {
        byte[] b = id.toByteArray();
        long h = 0x9e3779b97f4a7c15L;
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        return h ^ (h >>> 33);
    }
}
