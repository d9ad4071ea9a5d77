package io.edgeobs.registry.bootstrap;

import io.edgeobs.registry.compat.SchemaType;
import io.edgeobs.registry.config.RegistryConfig;
import io.edgeobs.registry.error.RegistryException;
import io.edgeobs.registry.service.RegistryService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * On start, registers edgeobs' own contracts (the {@code .proto} of telemetry-model, which is the source of truth
 * in Git) under their subjects. Registering is idempotent; a changed contract that breaks compatibility stops the
 * start with the reasons, so an incompatible build never goes live.
 */
@ApplicationScoped
public class ContractBootstrap {

    private static final Logger LOG = Logger.getLogger(ContractBootstrap.class);

    void onStart(@Observes StartupEvent event, RegistryConfig config, RegistryService registry) {
        if (!config.bootstrap().enabled()) {
            return;
        }
        String proto = read(config.bootstrap().protoResource());
        for (String subject : config.bootstrap().subjects()) {
            try {
                int id = registry.register(subject, SchemaType.PROTOBUF, proto);
                LOG.infof("edgeobs contract %s is schema id %d", subject, id);
            } catch (RegistryException e) {
                throw new IllegalStateException("edgeobs contract " + config.bootstrap().protoResource()
                        + " cannot be registered under " + subject + ": " + e.getMessage(), e);
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("edgeobs contract " + resource + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read edgeobs contract " + resource, e);
        }
    }
}
