package io.edgeobs.query.logs;

import io.edgeobs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * Picks the {@link LogStore} that {@code edgeobs.query.logs.backend} names; an unknown name fails the start
 * instead of the first search.
 */
@ApplicationScoped
public class LogBackends {

    private static final Logger LOG = Logger.getLogger(LogBackends.class);

    @Produces
    @ApplicationScoped
    @Named("configuredLogStore")
    LogStore configured(QueryConfig config, PostgresLogStore postgres, OpenSearchLogStore openSearch) {
        String backend = config.logs().backend().trim();
        LogStore store = switch (backend) {
            case PostgresLogStore.NAME -> postgres;
            case OpenSearchLogStore.NAME -> openSearch;
            default -> throw new IllegalArgumentException("edgeobs.query.logs.backend is '" + backend
                    + "'; use postgresql or opensearch");
        };
        LOG.infof("logs are searched in %s", store.name());
        return store;
    }
}
