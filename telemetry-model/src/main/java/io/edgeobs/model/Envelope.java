package io.edgeobs.model;

/** What the receiving gateway adds to a batch. */
public record Envelope(String gatewayId, String region, long receivedAtUnixNanos) {

    public Envelope {
        gatewayId = Resource.nullToEmpty(gatewayId);
        region = Resource.nullToEmpty(region);
    }
}
