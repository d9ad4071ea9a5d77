package io.edgeobs.model.manifest;

import java.util.Objects;
import java.util.Optional;

/**
 * What a service accepts: its manifest kind, and optionally its fleet and device type. A manifest without a
 * {@code deviceType} is for every device type of its fleet.
 */
public record ManifestTarget(Optional<ManifestKind> kind, Optional<String> fleet, Optional<String> deviceType) {

    /** Any valid manifest: for tools, not for services. */
    public static final ManifestTarget ANY = new ManifestTarget(Optional.empty(), Optional.empty(), Optional.empty());

    public ManifestTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(deviceType, "deviceType");
    }

    public static ManifestTarget agent(String fleet, Optional<String> deviceType) {
        return new ManifestTarget(Optional.of(ManifestKind.AGENT), Optional.of(fleet), deviceType);
    }

    public static ManifestTarget gateway(String fleet) {
        return new ManifestTarget(Optional.of(ManifestKind.GATEWAY), Optional.of(fleet), Optional.empty());
    }

    /** Throws a {@link RefusalReason#WRONG_TARGET} refusal if the manifest is not for this target. */
    void check(Manifest m) {
        if (kind.isPresent() && kind.get() != m.kind()) {
            throw wrong("is a " + m.kind().yamlName() + ", but this service reads a " + kind.get().yamlName());
        }
        if (fleet.isPresent() && !fleet.get().equals(m.fleet())) {
            throw wrong("is for fleet " + m.fleet() + ", but this service belongs to fleet " + fleet.get());
        }
        if (deviceType.isPresent() && m.deviceType().isPresent() && !deviceType.get().equals(m.deviceType().get())) {
            throw wrong("is for device type " + m.deviceType().get() + ", but this device is a " + deviceType.get());
        }
    }

    private static ManifestException wrong(String what) {
        return new ManifestException(RefusalReason.WRONG_TARGET, "manifest " + what);
    }
}
