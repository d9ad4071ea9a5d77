package io.edgeobs.ingest.consume;

/**
 * Something the poll depends on is unavailable (the database, the schema registry, Kafka for the DLQ, a sink):
 * the poll is retried later, unchanged, and nothing is committed meanwhile.
 */
public class RetryableException extends Exception {

    private final String dependency;

    /** @param dependency what is unavailable, as readiness and the retry metric name it: database, schema-registry, dlq, opensearch, otlp */
    public RetryableException(String dependency, String message, Throwable cause) {
        super(message, cause);
        this.dependency = dependency;
    }

    public String dependency() {
        return dependency;
    }
}
