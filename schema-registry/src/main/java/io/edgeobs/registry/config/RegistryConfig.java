package io.edgeobs.registry.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the schema-registry, under {@code edgeobs.registry.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.registry")
public interface RegistryConfig {

    /** Compatibility level of subjects that have none of their own. */
    @WithDefault("BACKWARD")
    String defaultCompatibility();
}
