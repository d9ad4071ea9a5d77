package io.edgeobs.ingest.decode;

/** Where a Kafka record came from. */
public record SourcePosition(String topic, int partition, long offset) {

    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
