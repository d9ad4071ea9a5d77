package io.edgeobs.registry.service;

import io.edgeobs.registry.compat.CompatibilityChecker;
import io.edgeobs.registry.compat.CompatibilityIssue;
import io.edgeobs.registry.compat.CompatibilityLevel;
import io.edgeobs.registry.compat.SchemaCanonicalizer;
import io.edgeobs.registry.compat.SchemaParseException;
import io.edgeobs.registry.compat.SchemaType;
import io.edgeobs.registry.config.RegistryConfig;
import io.edgeobs.registry.error.RegistryException;
import io.edgeobs.registry.storage.SchemaStore;
import io.edgeobs.registry.storage.StoredSchema;
import io.edgeobs.registry.storage.StoredVersion;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** What the registry does: register, look up, check and delete schemas, with the Confluent semantics. */
@ApplicationScoped
public class RegistryService {

    private static final Logger LOG = Logger.getLogger(RegistryService.class);

    private final SchemaStore store;
    private final CompatibilityChecker checker = new CompatibilityChecker();
    private final CompatibilityLevel defaultLevel;
    /**
     * Schemas by id never change (rows of the schemas table are neither updated nor deleted), so reads by id are
     * served from memory after the first. Bounded by clearing when full; the table stays the source of truth.
     */
    private final java.util.Map<Integer, StoredSchema> byId = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 10_000;

    public RegistryService(SchemaStore store, RegistryConfig config) {
        this.store = store;
        this.defaultLevel = CompatibilityLevel.parse(config.defaultCompatibility()).orElseThrow(
                () -> new IllegalArgumentException("edgeobs.registry.default-compatibility: "
                        + RegistryException.invalidCompatibility(config.defaultCompatibility()).getMessage()));
    }

    /** Registers a schema under a subject; the same schema again returns its existing id (idempotent). */
    public int register(String subject, SchemaType type, String schema) {
        String fingerprint = fingerprint(type, canonical(type, schema));
        CompatibilityLevel level = level(subject);
        return store.inSubjectTransaction(subject, tx -> {
            List<StoredVersion> live = tx.versions(subject, false);
            for (StoredVersion v : live) {
                if (v.schemaType() == type && fingerprint(type, canonical(type, v.schema())).equals(fingerprint)) {
                    return v.schemaId();
                }
            }
            List<String> previous = live.stream().filter(v -> v.schemaType() == type).map(StoredVersion::schema).toList();
            if (live.stream().anyMatch(v -> v.schemaType() != type) && level != CompatibilityLevel.NONE) {
                throw RegistryException.incompatible(subject, List.of("schema type changed from "
                        + live.get(live.size() - 1).schemaType() + " to " + type));
            }
            List<CompatibilityIssue> issues = check(type, schema, previous, level);
            if (!issues.isEmpty()) {
                throw RegistryException.incompatible(subject, issues.stream().map(CompatibilityIssue::toString).toList());
            }
            int id = tx.schemaId(type, fingerprint, schema);
            int version = tx.addVersion(subject, id);
            LOG.infof("registered schema id %d as version %d of subject %s (%s, %s)", id, version, subject, type, level);
            return id;
        });
    }

    /** The version of a subject that holds this schema. */
    public StoredVersion lookup(String subject, SchemaType type, String schema, boolean includeDeleted) {
        List<StoredVersion> versions = store.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        String fingerprint = fingerprint(type, canonical(type, schema));
        return versions.stream()
                .filter(v -> v.schemaType() == type && fingerprint(type, canonical(type, v.schema())).equals(fingerprint))
                .reduce((first, second) -> second)
                .orElseThrow(() -> RegistryException.schemaNotFound("for subject '" + subject + "'"));
    }

    public StoredSchema schema(int id) {
        StoredSchema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        StoredSchema s = store.schemaById(id).orElseThrow(() -> RegistryException.schemaNotFound("id " + id));
        if (byId.size() >= CACHE_LIMIT) {
            byId.clear();
        }
        byId.put(id, s);
        return s;
    }

    public List<String> subjects(boolean includeDeleted) {
        return store.subjects(includeDeleted);
    }

    public List<StoredVersion> versions(String subject, boolean includeDeleted) {
        List<StoredVersion> versions = store.versions(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    /** A version by number or {@code latest} (the highest live one). */
    public StoredVersion version(String subject, String version, boolean includeDeleted) {
        List<StoredVersion> versions = versions(subject, includeDeleted);
        if ("latest".equals(version) || "-1".equals(version)) {
            return versions.stream().filter(v -> !v.deleted()).reduce((a, b) -> b)
                    .orElseThrow(() -> RegistryException.versionNotFound(subject, version));
        }
        int n = parseVersion(version);
        return versions.stream().filter(v -> v.version() == n).findFirst()
                .orElseThrow(() -> RegistryException.versionNotFound(subject, n));
    }

    /** Checks a schema against a version (or, for transitive levels, every version up to it). */
    public List<CompatibilityIssue> checkAgainst(String subject, String version, SchemaType type, String schema) {
        List<StoredVersion> versions = versions(subject, false);
        StoredVersion target = version(subject, version, false);
        List<String> previous = versions.stream().filter(v -> v.version() <= target.version())
                .filter(v -> v.schemaType() == type).map(StoredVersion::schema).toList();
        return check(type, schema, previous, level(subject));
    }

    /** Soft (or, after a soft delete, permanent) delete of a subject; returns the versions deleted. */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return store.inSubjectTransaction(subject, tx -> {
            List<StoredVersion> all = tx.versions(subject, true);
            if (all.isEmpty()) {
                throw RegistryException.subjectNotFound(subject);
            }
            List<Integer> numbers = all.stream().map(StoredVersion::version).toList();
            if (permanent) {
                if (all.stream().anyMatch(v -> !v.deleted())) {
                    throw RegistryException.subjectNotSoftDeleted(subject);
                }
                tx.hardDelete(subject, null);
                return numbers;
            }
            if (all.stream().allMatch(StoredVersion::deleted)) {
                throw new RegistryException(404, 40404, "Subject '" + subject + "' was soft deleted. Set "
                        + "permanent=true to delete permanently");
            }
            tx.softDelete(subject, null);
            return all.stream().filter(v -> !v.deleted()).map(StoredVersion::version).toList();
        });
    }

    public int deleteVersion(String subject, String version, boolean permanent) {
        StoredVersion v = version(subject, version, permanent);
        return store.inSubjectTransaction(subject, tx -> {
            if (permanent) {
                if (!v.deleted()) {
                    throw RegistryException.versionNotSoftDeleted(subject, v.version());
                }
                tx.hardDelete(subject, v.version());
            } else {
                if (v.deleted()) {
                    throw RegistryException.versionNotFound(subject, v.version());
                }
                tx.softDelete(subject, v.version());
            }
            return v.version();
        });
    }

    public CompatibilityLevel level(String subject) {
        return store.compatibility(subject).or(() -> store.compatibility(""))
                .flatMap(CompatibilityLevel::parse).orElse(defaultLevel);
    }

    public CompatibilityLevel globalLevel() {
        return store.compatibility("").flatMap(CompatibilityLevel::parse).orElse(defaultLevel);
    }

    public java.util.Optional<CompatibilityLevel> subjectLevel(String subject) {
        return store.compatibility(subject).flatMap(CompatibilityLevel::parse);
    }

    public CompatibilityLevel setLevel(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level)
                .orElseThrow(() -> RegistryException.invalidCompatibility(level));
        store.setCompatibility(subject, parsed.name());
        return parsed;
    }

    public CompatibilityLevel deleteSubjectLevel(String subject) {
        CompatibilityLevel old = subjectLevel(subject).orElseThrow(() -> RegistryException.subjectConfigNotFound(subject));
        store.deleteCompatibility(subject);
        return old;
    }

    private List<CompatibilityIssue> check(SchemaType type, String schema, List<String> previous, CompatibilityLevel level) {
        try {
            return checker.check(type, schema, previous, level);
        } catch (SchemaParseException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    private static String canonical(SchemaType type, String schema) {
        try {
            return SchemaCanonicalizer.canonical(type, schema);
        } catch (SchemaParseException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }

    static int parseVersion(String version) {
        try {
            int n = Integer.parseInt(version);
            if (n < 1) {
                throw RegistryException.invalidVersion(version);
            }
            return n;
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(version);
        }
    }

    static String fingerprint(SchemaType type, String canonical) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(type.name().getBytes(StandardCharsets.UTF_8));
            d.update((byte) '\n');
            return HexFormat.of().formatHex(d.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
