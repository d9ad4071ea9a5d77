package io.edgeobs.registry.api;

/** The content types Confluent registry clients send and accept. */
public final class MediaTypes {

    public static final String V1 = "application/vnd.schemaregistry.v1+json";
    public static final String DEFAULT = "application/vnd.schemaregistry+json";
    public static final String JSON = "application/json";

    private MediaTypes() {
    }
}
