package io.edgeobs.gateway.support;

import io.edgeobs.testsupport.DataDirs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/** A fresh data directory for the gateway under test (logs, credentials, local store), deleted afterwards. */
public class DataDirResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;

    @Override
    public Map<String, String> start() {
        dir = DataDirs.temporary("gateway-data-");
        return Map.of("edgeobs.gateway.data-dir", dir.toString());
    }

    @Override
    public void stop() {
        DataDirs.deleteRecursively(dir);
    }
}
