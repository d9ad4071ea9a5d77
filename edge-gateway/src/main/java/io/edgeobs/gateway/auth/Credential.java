package io.edgeobs.gateway.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A credential the gateway issued, as it keeps it: never the token itself, only its SHA-256.
 *
 * @param id        public handle, to list and revoke it
 * @param kind      what it may be used for
 * @param tenant    the tenant everything sent with it belongs to
 * @param fleet     the fleet everything sent with it belongs to
 * @param deviceId  for a device token bound to one device, that device; empty for any device of the fleet
 * @param name      a note for the operator
 * @param sha256    lower-case hex SHA-256 of the token
 * @param revokedAt when it was revoked, or {@code null}
 */
public record Credential(String id, Kind kind, String tenant, String fleet,
                         @JsonProperty("device_id") String deviceId, String name, String sha256,
                         @JsonProperty("created_at") Instant createdAt, @JsonProperty("revoked_at") Instant revokedAt) {

    /** Tenant, fleet and device names: no '/', because the Kafka key is {@code tenant/device_id}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    public enum Kind {
        /** An edge agent's token: {@code POST /v1/batches}. */
        DEVICE,
        /** A tenant's API key for standard clients: OTLP/HTTP, Prometheus remote_write, {@code GET /local/logs}. */
        API_KEY;

        public String wireName() {
            return this == DEVICE ? "device" : "api-key";
        }

        public static Kind parse(String s) {
            if (s == null) {
                throw new IllegalArgumentException("kind is required: device or api-key");
            }
            return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
                case "device" -> DEVICE;
                case "api-key", "apikey" -> API_KEY;
                default -> throw new IllegalArgumentException("kind must be device or api-key, was '" + s + "'");
            };
        }
    }

    public Credential {
        deviceId = deviceId == null ? "" : deviceId;
        name = name == null ? "" : name;
    }

    @JsonIgnore
    public boolean isRevoked() {
        return revokedAt != null;
    }

    public Credential revoked(Instant at) {
        return new Credential(id, kind, tenant, fleet, deviceId, name, sha256, createdAt, at);
    }

    /** Checks a tenant, fleet or device name; the message names the field. */
    public static String requireName(String value, String field, boolean optional) {
        if ((value == null || value.isEmpty()) && optional) {
            return "";
        }
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1 to 128 letters, digits, '.', '_', ':' or '-', was "
                    + (value == null ? "missing" : "'" + value + "'"));
        }
        return value;
    }
}
