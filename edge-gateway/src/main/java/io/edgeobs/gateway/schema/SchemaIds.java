package io.edgeobs.gateway.schema;

import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.model.Signal;
import io.edgeobs.model.registry.SchemaRegistryClient;
import io.edgeobs.model.registry.SchemaRegistryException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The registry ids the Kafka values are framed with: for each signal, the version of subject
 * {@code edgeobs.<signal>} that holds the schema this gateway was built with ({@code edgeobs/v1/telemetry.proto} from
 * telemetry-model), looked up at start and retried while the registry is unreachable. Until every id is known the
 * gateway is not ready and does not forward (intake goes on: it does not need them).
 */
@ApplicationScoped
public class SchemaIds {

    private static final Logger LOG = Logger.getLogger(SchemaIds.class);
    static final String PROTO = "edgeobs/v1/telemetry.proto";

    private final SchemaRegistryClient client;
    private final GatewayConfig.SchemaRegistry config;
    private final Map<Signal, SchemaRegistryClient.SubjectVersion> resolved = new EnumMap<>(Signal.class);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String problem = "not resolved yet";
    private volatile boolean stopping;
    private Thread resolver;

    public SchemaIds(GatewayConfig config) {
        this.config = config.schemaRegistry();
        this.client = new SchemaRegistryClient(URI.create(this.config.url()), this.config.token(), this.config.timeout());
    }

    void onStart(@Observes StartupEvent event) {
        resolver = new Thread(this::resolveAll, "schema-ids");
        resolver.setDaemon(true);
        resolver.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (resolver != null) {
            resolver.interrupt();
        }
    }

    private void resolveAll() {
        String schema = ownSchema();
        long attempts = 0;
        while (!stopping) {
            try {
                for (Signal s : Signal.values()) {
                    synchronized (resolved) {
                        if (!resolved.containsKey(s)) {
                            SchemaRegistryClient.SubjectVersion v = client.lookup(s.topic(), "PROTOBUF", schema);
                            resolved.put(s, v);
                            LOG.infof("Kafka values of %s are framed with schema id %d (version %d of subject %s)",
                                    s.topic(), v.id(), v.version(), v.subject());
                        }
                    }
                }
                problem = "";
                done.countDown();
                return;
            } catch (SchemaRegistryException e) {
                problem = e.errorCode() == 40403 || e.errorCode() == 40401
                        ? "the registry at " + config.url() + " does not hold this gateway's schema: " + e.getMessage()
                        : e.getMessage();
                if (attempts++ % 15 == 0) {
                    LOG.errorf("cannot resolve schema ids yet (retrying every %d ms): %s",
                            config.retryInterval().toMillis(), problem);
                }
                try {
                    Thread.sleep(config.retryInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** The framing id of a signal, if resolved. */
    public Optional<SchemaRegistryClient.SubjectVersion> get(Signal signal) {
        synchronized (resolved) {
            return Optional.ofNullable(resolved.get(signal));
        }
    }

    /** Waits until every id is known; false if that did not happen within the time. */
    public boolean await(long millis) throws InterruptedException {
        return done.await(millis, TimeUnit.MILLISECONDS);
    }

    public boolean isResolved() {
        return done.getCount() == 0;
    }

    /** Why the ids are not resolved, empty once they are. */
    public String problem() {
        return problem;
    }

    static String ownSchema() {
        try (InputStream in = SchemaIds.class.getClassLoader().getResourceAsStream(PROTO)) {
            if (in == null) {
                throw new IllegalStateException(PROTO + " is not on the class path (it ships inside telemetry-model)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROTO, e);
        }
    }
}
