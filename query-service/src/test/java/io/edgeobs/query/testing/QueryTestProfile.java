package io.edgeobs.query.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The one profile of the module's {@code @QuarkusTest}s (so Quarkus starts once): {@link QueryDatabase}. */
public class QueryTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // alerts: the tests drive evaluation and delivery with an explicit now; the rules file is written by a test
        return Map.of("edgeobs.query.alerts.enabled", "false",
                "edgeobs.query.alerts.rules-file", "target/alert-rules-test.yaml");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(QueryDatabase.class));
    }
}
