package io.edgeobs.query.logs;

import io.edgeobs.query.testing.QueryDatabase;
import io.edgeobs.testsupport.opensearch.OpenSearchResource;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The second test profile of the module, for {@link OpenSearchLogsTest} only (Quarkus restarts once for it): the
 * shared database plus a real OpenSearch node, with logs searched in OpenSearch.
 */
public class OpenSearchLogsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("edgeobs.query.logs.backend", "opensearch");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(QueryDatabase.class), new TestResourceEntry(OpenSearchResource.class));
    }
}
