package io.edgeobs.model;

/** The three kinds of telemetry. A batch carries records of exactly one signal. */
public enum Signal {
    METRICS("edgeobs.metrics"),
    SPANS("edgeobs.spans"),
    LOGS("edgeobs.logs");

    private final String topic;

    Signal(String topic) {
        this.topic = topic;
    }

    /** The default Kafka topic (and schema registry subject) of this signal. */
    public String topic() {
        return topic;
    }
}
