package io.edgeobs.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The local stack for programs that drive it (the whole-pipeline benchmark in {@code bench/}): the same stack as
 * {@code ./edgeobs up}, started from the same options, with what a driver needs to reach and observe it. Closing it
 * stops every service and the embedded infrastructure.
 */
public final class EmbeddedStack implements AutoCloseable {

    private final Stack stack;
    private final PipelineStatus pipeline;

    private EmbeddedStack(Stack stack) {
        this.stack = stack;
        this.pipeline = new PipelineStatus(stack.infra);
    }

    /** Starts a stack with {@code ./edgeobs up}'s options (for example {@code --home}, {@code --devices 0}). */
    public static EmbeddedStack start(List<String> options) {
        return new EmbeddedStack(Stack.start(StackOptions.parse(options)));
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + LocalStack.port(stack.options, "edge-gateway");
    }

    /** A device token of tenant {@code local} for senders of agent batches. */
    public String deviceToken() {
        return Stack.deviceToken(stack.gateway().orElseThrow(() -> new StackException("the stack runs no gateway")),
                stack.options);
    }

    public String queryUrl() {
        return "http://127.0.0.1:" + LocalStack.port(stack.options, "query-service");
    }

    /** The query service's admin API key of tenant {@code local}. */
    public String queryAdminKey() {
        return Secrets.queryAdminKey(stack.options);
    }

    public String jdbcUrl() {
        return stack.infra.jdbcUrl();
    }

    /** The folder of the embedded PostgreSQL's data (its processes name it on their command lines). */
    public Path postgresDataDir() {
        return stack.options.home().resolve("data/postgres");
    }

    /** Records the ingest service stored in PostgreSQL (its ledger), or -1 when the database cannot say. */
    public long storedRecords() {
        return pipeline.stored(StackOptions.POSTGRESQL);
    }

    /** Records in the signal topics the ingest service has not consumed yet, or -1 when Kafka cannot say. */
    public long kafkaLag() {
        return pipeline.kafkaLag();
    }

    /** The process id of a service (for jcmd, /proc). */
    public long pid(String service) {
        return stack.running.stream().filter(p -> p.spec().name().equals(service)).findFirst()
                .orElseThrow(() -> new StackException("no " + service + " in the stack")).pid();
    }

    public void kill(String service) {
        stack.kill(service);
    }

    public void restart(String service) {
        stack.restart(service);
    }

    public Map<String, String> endpoints() {
        return stack.endpoints();
    }

    /** The same line {@code ./edgeobs up} prints. */
    public String status() {
        return stack.status();
    }

    @Override
    public void close() {
        pipeline.close();
        stack.close();
    }
}
