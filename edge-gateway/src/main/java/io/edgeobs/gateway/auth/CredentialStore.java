package io.edgeobs.gateway.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.edgeobs.durablelog.AtomicFile;
import io.edgeobs.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Device tokens and tenant API keys, kept hashed (SHA-256) in {@code <data-dir>/credentials.json}, written atomically
 * and readable by the owner only. Tokens are 256 random bits, so a plain SHA-256 is enough: there is nothing to
 * guess that a slow hash would protect. Lookups hash the presented token and read an immutable map, so they take no
 * lock; issuing and revoking rewrite the file under one.
 */
@ApplicationScoped
public class CredentialStore {

    private static final Logger LOG = Logger.getLogger(CredentialStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A credential just issued, with the only copy of its token. */
    public record Issued(Credential credential, String token) {
    }

    private final Path file;
    private final Clock clock;
    /** Seeded keys never go into the file (unless revoked): removing one from the configuration removes it. */
    private final Map<String, Credential> seeds;
    private volatile Map<String, Credential> byHash;

    @Inject
    public CredentialStore(GatewayConfig config) {
        this(Path.of(config.dataDir()).resolve("credentials.json"), Clock.systemUTC(),
                config.seedApiKeys().orElse(List.of()));
    }

    CredentialStore(Path file, Clock clock) {
        this(file, clock, List.of());
    }

    CredentialStore(Path file, Clock clock, List<String> seedApiKeys) {
        this.file = file;
        this.clock = clock;
        this.seeds = seeds(seedApiKeys, clock.instant());
        Map<String, Credential> m = new LinkedHashMap<>(seeds);
        m.putAll(load(file)); // a seeded key revoked through the admin API stays revoked
        this.byHash = Map.copyOf(m);
    }

    /** The seeded api-keys ({@code tenant:fleet:name:token}) by hash; a malformed entry stops the start. */
    private static Map<String, Credential> seeds(List<String> entries, Instant now) {
        Map<String, Credential> m = new LinkedHashMap<>();
        for (String entry : entries) {
            String[] parts = entry.trim().split(":", 4);
            if (parts.length != 4 || parts[3].length() < 24) {
                throw new IllegalArgumentException("edgeobs.gateway.seed-api-keys: an entry is not "
                        + "tenant:fleet:name:token with a token of at least 24 characters (" + parts.length + " parts)");
            }
            Credential.requireName(parts[0], "seed-api-keys tenant", false);
            Credential.requireName(parts[1], "seed-api-keys fleet", false);
            String hash = sha256(parts[3]);
            m.put(hash, new Credential("ak-seed-" + hash.substring(0, 12), Credential.Kind.API_KEY, parts[0], parts[1],
                    "", parts[2], hash, now, null));
        }
        if (!m.isEmpty()) {
            LOG.infof("%d seeded api-keys (edgeobs.gateway.seed-api-keys)", m.size());
        }
        return Map.copyOf(m);
    }

    private static Map<String, Credential> load(Path file) {
        try {
            Optional<String> text = AtomicFile.read(file);
            Map<String, Credential> m = new LinkedHashMap<>();
            if (text.isPresent()) {
                List<Credential> all = JSON.readValue(text.get(), new TypeReference<List<Credential>>() { });
                all.forEach(c -> m.put(c.sha256(), c));
            }
            LOG.infof("%d credentials in %s", m.size(), file);
            return Map.copyOf(m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the credentials in " + file, e);
        }
    }

    /** The credential a presented token belongs to, revoked or not. */
    public Optional<Credential> find(String token) {
        return Optional.ofNullable(byHash.get(sha256(token)));
    }

    public List<Credential> list() {
        return List.copyOf(byHash.values());
    }

    /** Issues a new token; the answer holds it once, the store only its hash. */
    public synchronized Issued issue(Credential.Kind kind, String tenant, String fleet, String deviceId, String name) {
        Credential.requireName(tenant, "tenant", false);
        Credential.requireName(fleet, "fleet", false);
        Credential.requireName(deviceId, "device_id", true);
        if (kind == Credential.Kind.API_KEY && deviceId != null && !deviceId.isEmpty()) {
            throw new IllegalArgumentException("an api-key belongs to a tenant and fleet, not to a device: leave device_id out");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = (kind == Credential.Kind.DEVICE ? "edgeobs_dt_" : "edgeobs_ak_")
                + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] idBytes = new byte[6];
        RANDOM.nextBytes(idBytes);
        String id = (kind == Credential.Kind.DEVICE ? "dt-" : "ak-") + HexFormat.of().formatHex(idBytes);
        Credential c = new Credential(id, kind, tenant, fleet, deviceId, name, sha256(token), clock.instant(), null);
        Map<String, Credential> next = new LinkedHashMap<>(byHash);
        next.put(c.sha256(), c);
        save(next);
        LOG.infof("issued %s %s for tenant %s, fleet %s%s", kind.wireName(), id, tenant, fleet,
                c.deviceId().isEmpty() ? "" : ", device " + c.deviceId());
        return new Issued(c, token);
    }

    /** Revokes a credential by id; it then answers 403. Empty if there is none of that id. */
    public synchronized Optional<Credential> revoke(String id) {
        for (Credential c : byHash.values()) {
            if (c.id().equals(id)) {
                if (c.isRevoked()) {
                    return Optional.of(c);
                }
                Credential revoked = c.revoked(clock.instant());
                Map<String, Credential> next = new LinkedHashMap<>(byHash);
                next.put(c.sha256(), revoked);
                save(next);
                LOG.infof("revoked %s %s of tenant %s", c.kind().wireName(), id, c.tenant());
                return Optional.of(revoked);
            }
        }
        return Optional.empty();
    }

    private void save(Map<String, Credential> next) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            List<Credential> kept = next.values().stream().filter(c -> c.isRevoked() || !seeds.containsKey(c.sha256()))
                    .toList();
            AtomicFile.write(file, JSON.writeValueAsString(new ArrayList<>(kept)));
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort where the file system has no POSIX permissions
            }
            byHash = Map.copyOf(next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the credentials to " + file, e);
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
