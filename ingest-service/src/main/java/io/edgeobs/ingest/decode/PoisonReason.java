package io.edgeobs.ingest.decode;

/** Why a record goes to the DLQ; the value of its {@code edgeobs.error.kind} header. */
public enum PoisonReason {
    /** Not a Confluent-framed value, or its message indexes do not name {@code edgeobs.v1.Batch}. */
    FRAMING("framing"),
    /** The registry does not know the schema id, or it is not an edgeobs.v1 protobuf schema. */
    UNKNOWN_SCHEMA("unknown_schema"),
    /** The payload is not a decodable {@code edgeobs.v1.Batch}. */
    DECODE("decode"),
    /** The batch or some of its records fail validation. */
    INVALID("invalid"),
    /** Records more than the allowed skew in the future (a device clock that is wrong). */
    FUTURE_TIMESTAMP("future_timestamp"),
    /** The database refuses the batch as it is (for example a value too large for an index). */
    STORAGE_REFUSED("storage_refused");

    private final String header;

    PoisonReason(String header) {
        this.header = header;
    }

    public String header() {
        return header;
    }
}
