package io.edgeobs.testsupport.registry;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a {@link SchemaRegistryProcess} for a {@code @QuarkusTest}. Init arg {@code property}: the configuration key
 * that receives the registry's URL (default {@code edgeobs.schema-registry.url}).
 */
public class SchemaRegistryResource implements QuarkusTestResourceLifecycleManager {

    private SchemaRegistryProcess registry;
    private String property = "edgeobs.schema-registry.url";

    @Override
    public void init(Map<String, String> initArgs) {
        property = initArgs.getOrDefault("property", property);
    }

    @Override
    public Map<String, String> start() {
        registry = SchemaRegistryProcess.start(Path.of(System.getProperty("java.io.tmpdir"), "schema-registry.log"));
        return Map.of(property, registry.url());
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }
}
