package io.edgeobs.model.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One parsed manifest document (see {@link ManifestParser} for the format). Immutable: maps are sorted copies and
 * {@link #spec()} hands out a copy of the tree.
 *
 * @param apiVersion  always {@link #API_VERSION}
 * @param kind        what it drives
 * @param version     positive, and higher with every change (rollback protection compares it)
 * @param fleet       the fleet it is for
 * @param deviceType  the device type it is for; empty means every device type of the fleet
 * @param schemas     registry subject to pinned schema version
 * @param components  component name to version string
 * @param files       path relative to the manifest's directory to lower-case hex SHA-256
 */
public record Manifest(String apiVersion, ManifestKind kind, long version, String fleet, Optional<String> deviceType,
                       Map<String, Integer> schemas, Map<String, String> components, Map<String, String> files,
                       ObjectNode specTree) {

    public static final String API_VERSION = "edgeobs/v1";

    public Manifest {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(deviceType, "deviceType");
        if (version <= 0) {
            throw new IllegalArgumentException("version must be positive, was " + version);
        }
        schemas = Collections.unmodifiableMap(new TreeMap<>(schemas));
        components = Collections.unmodifiableMap(new TreeMap<>(components));
        files = Collections.unmodifiableMap(new TreeMap<>(files));
        specTree = specTree == null ? new ObjectMapper().createObjectNode() : specTree.deepCopy();
    }

    /** The {@code spec} tree (a copy): the agent's or gateway's own part, as parsed from YAML. */
    @Override
    public ObjectNode specTree() {
        return specTree.deepCopy();
    }

    /**
     * The {@code spec} bound to a record or class, strictly: an unknown field or a value of the wrong type is a
     * {@link RefusalReason#MALFORMED} {@link ManifestException} naming its path ({@code spec.sampling.rate}).
     */
    public <T> T spec(Class<T> type) {
        return SpecBinding.bind(specTree, type, SpecBinding.STRICT);
    }

    /** As {@link #spec(Class)}, with the caller's mapper (its modules, its feature settings). */
    public <T> T spec(Class<T> type, ObjectMapper mapper) {
        return SpecBinding.bind(specTree, type, mapper);
    }

    /** The pinned version of a registry subject, if the manifest pins one. */
    public Optional<Integer> schemaVersion(String subject) {
        return Optional.ofNullable(schemas.get(subject));
    }

    /** Short description for logs: {@code AgentManifest v7 for fleet trams (device type tram-x86)}. */
    public String describe() {
        return kind.yamlName() + " v" + version + " for fleet " + fleet
                + deviceType.map(t -> " (device type " + t + ")").orElse("");
    }
}
