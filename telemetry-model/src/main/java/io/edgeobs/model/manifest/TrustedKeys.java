package io.edgeobs.model.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The public keys whose signatures a service accepts, by key id ({@link Ed25519#keyId}). Several at once is how
 * keys are rotated: trust old and new, sign with the new, then drop the old.
 */
public final class TrustedKeys {

    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        if (byId.isEmpty()) {
            throw new KeyFileException("no trusted public key: give at least one (a .pub file or a directory of them)");
        }
        this.byId = Collections.unmodifiableMap(new TreeMap<>(byId));
    }

    public static TrustedKeys of(Collection<PublicKey> keys) {
        Map<String, PublicKey> byId = new TreeMap<>();
        keys.forEach(k -> byId.put(Ed25519.keyId(k), k));
        return new TrustedKeys(byId);
    }

    public static TrustedKeys of(PublicKey... keys) {
        return of(List.of(keys));
    }

    /**
     * Loads keys from files and directories: a file may hold several keys (PEM blocks or base64 lines); a
     * directory contributes every {@code *.pub} and {@code *.pem} file in it (not below it).
     */
    public static TrustedKeys load(Collection<Path> paths) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> files = keyFiles(p);
                if (files.isEmpty()) {
                    throw new KeyFileException("trust directory " + p + " has no *.pub or *.pem file");
                }
                files.forEach(f -> keys.addAll(KeyFiles.readPublicKeys(f)));
            } else if (Files.isRegularFile(p)) {
                keys.addAll(KeyFiles.readPublicKeys(p));
            } else {
                throw new KeyFileException("trusted key file " + p + " does not exist");
            }
        }
        return of(keys);
    }

    public Optional<PublicKey> key(String keyId) {
        return Optional.ofNullable(byId.get(keyId));
    }

    public Set<String> keyIds() {
        return byId.keySet();
    }

    @Override
    public String toString() {
        return "TrustedKeys" + byId.keySet();
    }

    private static List<Path> keyFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().endsWith(".pub") || f.getFileName().toString().endsWith(".pem"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new KeyFileException("cannot list trust directory " + dir + ": " + e, e);
        }
    }
}
