package io.edgeobs.agent.health;

import io.edgeobs.agent.buffer.SignalBuffers;
import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.export.ExportLoop;
import io.edgeobs.agent.export.ExportLoops;
import io.edgeobs.model.Signal;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.Locale;

/**
 * Readiness of the agent: down while a buffer is nearly full (sources are being pushed back) or while data has
 * waited longer than {@code export-stale} without the receiver taking any. Liveness stays the process alone, so a
 * long outage never gets the agent restarted (which would not help and would cost the in-memory state).
 */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

    static final String NAME = "edge-agent";

    private final AgentConfig config;
    private final SignalBuffers buffers;
    private final ExportLoops exports;
    private final long startedMillis = System.currentTimeMillis();

    public AgentReadiness(AgentConfig config, SignalBuffers buffers, ExportLoops exports) {
        this.config = config;
        this.buffers = buffers;
        this.exports = exports;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME).withData("device-id", config.deviceId());
        boolean up = true;
        double fill = buffers.fullestFill();
        b.withData("buffer-fill", String.format(Locale.ROOT, "%.3f", fill));
        if (fill >= config.health().bufferFullAt()) {
            up = false;
            b.withData("buffer", "nearly full: sources are being pushed back until the receiver takes data again");
        }
        long staleMillis = config.health().exportStale().toMillis();
        long now = System.currentTimeMillis();
        for (Signal s : Signal.values()) {
            ExportLoop loop = exports.loop(s);
            if (loop == null) {
                continue;
            }
            String name = s.name().toLowerCase(Locale.ROOT);
            long since = Math.max(loop.lastSuccessMillis(), startedMillis);
            if (loop.lag() > 0 && now - since > staleMillis) {
                up = false;
                b.withData("export-" + name, "nothing delivered for " + (now - since) / 1000 + " s with "
                        + loop.lag() + " entries waiting (" + loop.consecutiveFailures() + " failed attempts in a row)");
            }
        }
        return (up ? b.up() : b.down()).build();
    }
}
