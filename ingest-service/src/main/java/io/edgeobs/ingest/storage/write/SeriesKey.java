package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Tags;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What makes a series: a sample name and its tags, from one device of one tenant; the key of the series the cache
 * does not hold yet ({@link SeriesHash} is the cache's key). The hash is computed once, by position over the tags
 * ({@link Tags#hashCode()} would build an entry object per tag), and mixed with a 64-bit multiplier: the plain {@code 31 * h + x} of {@link String#hashCode()} collides
 * for tag sets that differ systematically, such as {@code cpu="1",n="0"} and {@code cpu="0",n="1"}.
 */
public record SeriesKey(String tenant, String deviceId, String name, Tags tags, int hash) {

    private static final long MIX = 0x9E3779B97F4A7C15L;

    /** The hash is always computed here, whatever was passed. */
    public SeriesKey {
        hash = hashOf(tenant, deviceId, name, tags);
    }

    public SeriesKey(String tenant, String deviceId, String name, Tags tags) {
        this(tenant, deviceId, name, tags, 0);
    }

    private static int hashOf(String tenant, String deviceId, String name, Tags tags) {
        long h = mix(mix(mix(0, tenant.hashCode()), deviceId.hashCode()), name.hashCode());
        for (int i = 0; i < tags.size(); i++) {
            h = mix(mix(h, tags.keyAt(i).hashCode()), tags.valueAt(i).hashCode());
        }
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long h, int x) {
        return (h ^ x) * MIX + (h >>> 29);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesKey k) || hash != k.hash || !name.equals(k.name) || !deviceId.equals(k.deviceId)
                || !tenant.equals(k.tenant) || tags.size() != k.tags.size()) {
            return false;
        }
        for (int i = 0; i < tags.size(); i++) {
            if (!tags.keyAt(i).equals(k.tags.keyAt(i)) || !tags.valueAt(i).equals(k.tags.valueAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the key's parts, each length-prefixed so that no two different keys share an encoding. */
    byte[] sha256() {
        MessageDigest d = digest();
        update(d, tenant);
        update(d, deviceId);
        update(d, name);
        for (int i = 0; i < tags.size(); i++) {
            update(d, tags.keyAt(i));
            update(d, tags.valueAt(i));
        }
        return d.digest();
    }

    private static void update(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((byte) (b.length >>> 24));
        d.update((byte) (b.length >>> 16));
        d.update((byte) (b.length >>> 8));
        d.update((byte) b.length);
        d.update(b);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
