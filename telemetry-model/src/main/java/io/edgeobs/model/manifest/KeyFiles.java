package io.edgeobs.model.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Key files in the formats OpenSSL and the JDK share: the private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY},
 * as {@code openssl genpkey -algorithm ed25519} writes it), the public key as X.509 PEM ({@code BEGIN PUBLIC KEY})
 * or one base64 line (the raw 32 bytes or the X.509 encoding). Lines starting with {@code #} are comments.
 */
public final class KeyFiles {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private KeyFiles() {
    }

    /** Writes a private key readable only by its owner (0600), refusing to replace a file unless asked to. */
    public static void writePrivateKey(Path file, PrivateKey key, boolean replace) {
        String text = "# edgeobs manifest signing key " + Ed25519.keyId(Ed25519.publicKeyOf(key))
                + ". PRIVATE: keep it on the signing machine, never on devices.\n" + pem(PRIVATE, key.getEncoded());
        write(file, text, replace, true);
    }

    /** Writes a public key as X.509 PEM with its key id in a comment line. */
    public static void writePublicKey(Path file, PublicKey key, boolean replace) {
        String text = "# edgeobs manifest public key " + Ed25519.keyId(key) + "\n" + pem(PUBLIC, key.getEncoded());
        write(file, text, replace, false);
    }

    public static PrivateKey readPrivateKey(Path file) {
        String text = read(file);
        List<byte[]> ders = blocks(file, text, PRIVATE);
        if (ders.size() != 1) {
            throw new KeyFileException(file + " holds " + (ders.isEmpty() ? "no" : ders.size()) + " '" + PRIVATE
                    + "' PEM blocks; give the private key written by 'edgeobs manifest keygen' (or openssl genpkey"
                    + " -algorithm ed25519)" + (text.contains("BEGIN " + PUBLIC) ? "; this looks like a public key" : ""));
        }
        try {
            return KeyFactory.getInstance(Ed25519.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(ders.get(0)));
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(file + " is not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** Every public key in a file: PEM blocks and base64 lines, one or more (for rotation). */
    public static List<PublicKey> readPublicKeys(Path file) {
        String text = read(file);
        if (text.contains("PRIVATE KEY-----")) {
            throw new KeyFileException(file + " holds a private key; trust needs only the public key (the .pub file)");
        }
        List<byte[]> encoded = blocks(file, text, PUBLIC);
        boolean inBlock = false;
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.startsWith("-----BEGIN")) {
                inBlock = true;
            } else if (line.startsWith("-----END")) {
                inBlock = false;
            } else if (!inBlock && !line.isEmpty() && !line.startsWith("#")) {
                String token = line.split("\\s+", 2)[0];
                try {
                    encoded.add(Base64.getDecoder().decode(token));
                } catch (IllegalArgumentException e) {
                    throw new KeyFileException(file + ": line '" + abbreviate(line) + "' is neither a comment, PEM nor"
                            + " a base64 public key");
                }
            }
        }
        if (encoded.isEmpty()) {
            throw new KeyFileException(file + " holds no public key (expected '-----BEGIN PUBLIC KEY-----' or a base64 line)");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (byte[] der : encoded) {
            try {
                keys.add(Ed25519.publicKey(der));
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static List<byte[]> blocks(Path file, String text, String type) {
        List<byte[]> out = new ArrayList<>();
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = 0;
        while (true) {
            int b = text.indexOf(begin, from);
            if (b < 0) {
                return out;
            }
            int e = text.indexOf(end, b);
            if (e < 0) {
                throw new KeyFileException(file + ": '" + begin + "' without '" + end + "'");
            }
            String body = text.substring(b + begin.length(), e).replaceAll("\\s+", "");
            try {
                out.add(Base64.getDecoder().decode(body));
            } catch (IllegalArgumentException ex) {
                throw new KeyFileException(file + ": the " + type + " PEM block is not valid base64");
            }
            from = e + end.length();
        }
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new KeyFileException(file + " is too large for a key file");
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyFileException("cannot read key file " + file + ": " + e, e);
        }
    }

    private static void write(Path file, String text, boolean replace, boolean ownerOnly) {
        Path dir = file.toAbsolutePath().getParent();
        if (!replace && Files.exists(file)) {
            throw new KeyFileException(file + " exists; choose another name or pass --force to replace it");
        }
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tmp);
            if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            throw new KeyFileException("cannot write " + file + ": " + tmp + " exists and cannot be replaced", e);
        } catch (IOException e) {
            throw new KeyFileException("cannot write " + file + ": " + e, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
