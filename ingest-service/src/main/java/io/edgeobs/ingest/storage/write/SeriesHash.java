package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Tags;

import java.security.SecureRandom;

/**
 * A 128-bit hash of what makes a series (tenant, device, name, tags): the series cache's key. Comparing two longs
 * instead of the strings of a {@link SeriesKey} is what a lookup costs once the cache holds a fleet's million series,
 * whose keys are spread over the heap: at 1.5 million series, {@code SeriesKey.equals} and the map lookup around it
 * took 42% of the ingest service's CPU (docs/benchmarks.md). Two series share a hash with a probability of about
 * n²/2¹²⁹ (10⁻²⁶ for two million series); the lanes are seeded at random per process, so the mapping cannot be
 * aimed at from outside. Each string is fed with its length, so no two different keys feed the same sequence.
 */
public record SeriesHash(long hi, long lo) {

    private static final long SEED_HI;
    private static final long SEED_LO;

    static {
        SecureRandom random = new SecureRandom();
        SEED_HI = random.nextLong();
        SEED_LO = random.nextLong();
    }

    public static SeriesHash of(String tenant, String deviceId, String name, Tags tags) {
        long[] h = {SEED_HI, SEED_LO};
        feed(h, tenant);
        feed(h, deviceId);
        feed(h, name);
        int n = tags.size();
        for (int i = 0; i < n; i++) {
            feed(h, tags.keyAt(i));
            feed(h, tags.valueAt(i));
        }
        long hi = fmix(h[0] ^ n);
        long lo = fmix(h[1] + hi);
        return new SeriesHash(hi, lo);
    }

    static SeriesHash of(SeriesKey k) {
        return of(k.tenant(), k.deviceId(), k.name(), k.tags());
    }

    private static void feed(long[] h, String s) {
        long a = h[0];
        long b = h[1];
        int len = s.length();
        a = (a ^ len) * 0x9E3779B97F4A7C15L;
        b = Long.rotateLeft(b ^ len, 27) * 0xC2B2AE3D27D4EB4FL;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            a = (a ^ c) * 0x9E3779B97F4A7C15L;
            b = Long.rotateLeft(b ^ c, 27) * 0xC2B2AE3D27D4EB4FL;
        }
        h[0] = a;
        h[1] = b;
    }

    /** A 64-bit finaliser: every input bit affects every output bit. */
    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xFF51AFD7ED558CCDL;
        k ^= k >>> 33;
        k *= 0xC4CEB9FE1A85EC53L;
        k ^= k >>> 33;
        return k;
    }

    @Override
    public int hashCode() {
        return (int) (lo ^ (lo >>> 32));
    }
}
