package io.edgeobs.testsupport.opensearch;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts an {@link EmbeddedOpenSearch} node for a {@code @QuarkusTest}:
 * {@code @WithTestResource(OpenSearchResource.class)}. Returns {@code edgeobs.opensearch.url} (full URL) and
 * {@code quarkus.elasticsearch.hosts} ({@code host:port}, for Quarkus' low-level REST client).
 */
public class OpenSearchResource implements QuarkusTestResourceLifecycleManager {

    private EmbeddedOpenSearch openSearch;

    @Override
    public Map<String, String> start() {
        openSearch = EmbeddedOpenSearch.start();
        return Map.of(
                "edgeobs.opensearch.url", openSearch.httpUrl(),
                "quarkus.elasticsearch.hosts", "127.0.0.1:" + openSearch.httpPort());
    }

    @Override
    public void stop() {
        if (openSearch != null) {
            openSearch.close();
        }
    }
}
