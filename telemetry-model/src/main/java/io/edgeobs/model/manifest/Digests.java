package io.edgeobs.model.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, bounded reads and atomic writes: the file plumbing of manifests. */
final class Digests {

    private Digests() {
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads at most {@code limit} bytes; a longer file is a {@link RefusalReason#TOO_LARGE} refusal naming
     * {@code what}. {@link NoSuchFileException} passes through for the caller to name.
     */
    static byte[] readBounded(Path file, int limit, String what) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readBounded(in, limit, what + " (" + file + ")");
        }
    }

    static byte[] readBounded(InputStream in, int limit, String what) throws IOException {
        byte[] data = in.readNBytes(limit);
        if (data.length == limit && in.read() >= 0) {
            throw new ManifestException(RefusalReason.TOO_LARGE, what + " is larger than the limit of " + limit + " bytes");
        }
        return data;
    }

    /** Writes a file so that a reader sees the old or the new content, never a part: temp file, fsync, rename. */
    static void writeAtomically(Path file, byte[] data) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(data));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
