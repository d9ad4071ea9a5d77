package io.edgeobs.stack;

import java.nio.file.Path;
import java.util.Map;

/**
 * One edgeobs service of the local stack: which module's Quarkus jar to run, on which HTTP port, with which
 * configuration (passed as system properties, so nothing in the module's files changes).
 */
record ServiceSpec(String name, String module, int port, Map<String, String> config) {

    ServiceSpec {
        config = Map.copyOf(config);
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException(name + ": port must be 1..65535, was " + port);
        }
    }

    Path jar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The same service with one more configuration property. */
    ServiceSpec with(String key, String value) {
        Map<String, String> c = new java.util.LinkedHashMap<>(config);
        c.put(key, value);
        return new ServiceSpec(name, module, port, c);
    }

    /** The same service with more configuration properties. */
    ServiceSpec withAll(Map<String, String> more) {
        Map<String, String> c = new java.util.LinkedHashMap<>(config);
        c.putAll(more);
        return new ServiceSpec(name, module, port, c);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
