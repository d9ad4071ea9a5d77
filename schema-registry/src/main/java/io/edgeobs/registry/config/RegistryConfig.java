package io.edgeobs.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** Configuration of the schema registry, under {@code edgeobs.registry.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.registry")
public interface RegistryConfig {

    /** Compatibility level of subjects that have none of their own, until changed with {@code PUT /config}. */
    @WithDefault("BACKWARD")
    String defaultCompatibility();

    Auth auth();

    Bootstrap bootstrap();

    /** Who may read and write. Tokens are sent as {@code Authorization: Bearer <token>} or as a Basic password. */
    interface Auth {
        /** Token for writes (register, delete, config). Without one, every write is refused. */
        Optional<String> adminToken();

        /** Token for reads when reads are not open. The admin token may read too. */
        Optional<String> readerToken();

        /** Whether reads need no token. */
        @WithDefault("true")
        boolean readsOpen();
    }

    /** Registration of edgeobs' own contracts at start. */
    interface Bootstrap {
        /** Register the contracts of telemetry-model on start; a change that breaks compatibility stops the start. */
        @WithDefault("true")
        boolean enabled();

        /** Subjects the telemetry schema is registered under. */
        @WithDefault("edgeobs.metrics,edgeobs.spans,edgeobs.logs,edgeobs.batch")
        List<String> subjects();

        /** Class-path resource of the schema (shipped inside telemetry-model). */
        @WithDefault("edgeobs/v1/telemetry.proto")
        String protoResource();
    }
}
