package io.edgeobs.query.health;

import io.edgeobs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** Ready when the database answers within 2 s: every query and every key check needs it. */
@Readiness
@ApplicationScoped
public class QueryReadiness implements HealthCheck {

    static final String NAME = "query-service";

    private final QueryConfig config;
    private final DataSource db;

    public QueryReadiness(QueryConfig config, DataSource db) {
        this.config = config;
        this.db = db;
    }

    @Override
    public HealthCheckResponse call() {
        var r = HealthCheckResponse.named(NAME).withData("max-range", String.valueOf(config.maxRange()));
        try (Connection c = db.getConnection()) {
            if (!c.isValid(2)) {
                return r.down().withData("database", "does not answer").build();
            }
            return r.up().withData("database", "up").build();
        } catch (SQLException e) {
            return r.down().withData("database", "unreachable: " + e.getMessage()).build();
        }
    }
}
