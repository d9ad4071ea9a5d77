package io.edgeobs.query.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/** The one profile of the module's {@code @QuarkusTest}s (so Quarkus starts once): {@link QueryDatabase}. */
public class QueryTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(QueryDatabase.class));
    }
}
