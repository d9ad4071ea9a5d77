package io.edgeobs.ingest.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes {@code edgeobs_build_info{service, version} 1}, so dashboards and alerts can tell which version of
 * each service runs where.
 */
@ApplicationScoped
public class BuildInfo {

    private static final Logger LOG = Logger.getLogger(BuildInfo.class);

    void onStart(@Observes StartupEvent event, MeterRegistry registry,
                 @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        Gauge.builder("edgeobs.build.info", () -> 1.0)
                .description("Always 1; the labels tell the service and its version")
                .tag("service", "ingest-service")
                .tag("version", version)
                .register(registry);
        LOG.infof("ingest-service %s started", version);
    }
}
