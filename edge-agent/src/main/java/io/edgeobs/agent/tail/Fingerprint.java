package io.edgeobs.agent.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The SHA-256 of a file's first bytes (up to {@value #MAX_LENGTH}). Device and inode say which file a path names;
 * the fingerprint says whether its content is still the content that was read: it changes when a file is truncated
 * and written again (copytruncate, even when the new content has already grown past the old offset), and when an
 * inode number is reused by a new file. It also recognises the copy that copytruncate made.
 */
record Fingerprint(int length, String sha256) {

    /** Enough for a timestamp and a message in the first line of any real log; small enough to read every poll. */
    static final int MAX_LENGTH = 256;

    static final Fingerprint EMPTY = new Fingerprint(0, hex(new byte[0], 0));

    /** The fingerprint of the first {@code min(MAX_LENGTH, size)} bytes. */
    static Fingerprint of(FileChannel channel) throws IOException {
        int length = (int) Math.min(MAX_LENGTH, channel.size());
        return of(channel, length).orElse(EMPTY);
    }

    /** The fingerprint of exactly the first {@code length} bytes, or empty if the file is shorter now. */
    static Optional<Fingerprint> of(FileChannel channel, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new Fingerprint(length, hex(buffer.array(), length)));
    }

    /** Whether the file still starts with the bytes this fingerprint was taken of. */
    boolean matches(FileChannel channel) throws IOException {
        return of(channel, length).map(this::equals).orElse(false);
    }

    boolean complete() {
        return length == MAX_LENGTH;
    }

    private static String hex(byte[] bytes, int length) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, length);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
