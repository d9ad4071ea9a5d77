package io.edgeobs.gateway.policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed, checked policy: what a fleet's manifest (or, until manifests are signed, a plain YAML file) says the
 * gateway does with its data.
 *
 * @param version            the policy's own version, increasing with each change
 * @param schemaVersions     registry versions of the edgeobs subjects that agents may send with; empty: any
 * @param fleetSchemaVersions the same per fleet, replacing {@code schemaVersions} for that fleet
 * @param samplingSeed       seed of the trace-id hash (the agents' manifest holds the same one)
 * @param redactKey          key of the hash that {@code redact} rules with {@code mode: hash} apply
 * @param rules              in order; see {@link PolicyEngine} for how they combine
 */
public record PolicyDocument(long version, Set<Integer> schemaVersions, Map<String, Set<Integer>> fleetSchemaVersions,
                             long samplingSeed, String redactKey, List<Rule> rules, String origin) {

    public static final PolicyDocument FORWARD_ALL = new PolicyDocument(0, Set.of(), Map.of(), 0, "", List.of(),
            "built-in default (forward everything)");

    public PolicyDocument {
        schemaVersions = sorted(schemaVersions);
        Map<String, Set<Integer>> fleets = new java.util.TreeMap<>();
        fleetSchemaVersions.forEach((fleet, versions) -> fleets.put(fleet, sorted(versions)));
        fleetSchemaVersions = java.util.Collections.unmodifiableMap(fleets);
        rules = List.copyOf(rules);
    }

    private static Set<Integer> sorted(Set<Integer> versions) {
        return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(versions));
    }

    /** The schema versions a fleet may send, in ascending order; empty means any. */
    public Set<Integer> allowedSchemaVersions(String fleet) {
        return fleetSchemaVersions.getOrDefault(fleet, schemaVersions);
    }
}
