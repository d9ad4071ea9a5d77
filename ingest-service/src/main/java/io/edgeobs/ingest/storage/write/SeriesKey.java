package io.edgeobs.ingest.storage.write;

import io.edgeobs.model.Tags;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** What makes a series: a sample name and its tags, from one device of one tenant. */
public record SeriesKey(String tenant, String deviceId, String name, Tags tags) {

    /** Hashes the tags by position: {@link Tags#hashCode()} would build an entry object per tag, on the hot path. */
    @Override
    public int hashCode() {
        int h = (tenant.hashCode() * 31 + deviceId.hashCode()) * 31 + name.hashCode();
        for (int i = 0; i < tags.size(); i++) {
            h = (h * 31 + tags.keyAt(i).hashCode()) * 31 + tags.valueAt(i).hashCode();
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SeriesKey k) || !name.equals(k.name) || !deviceId.equals(k.deviceId)
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
    byte[] hash() {
        MessageDigest d = sha256();
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

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
