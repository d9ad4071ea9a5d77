package io.edgeobs.ingest.storage;

import io.quarkus.flyway.runtime.QuarkusFlywayClassProvider;
import io.quarkus.flyway.runtime.QuarkusFlywayResourceProvider;
import io.quarkus.flyway.runtime.QuarkusPathLocationScanner;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.util.Arrays;

/**
 * Applies {@code db/ingest/common} and the chosen dialect's migrations with Flyway. The dialect is only known at
 * run time, so Flyway is configured here rather than by {@code quarkus.flyway.*}; the migration files are found
 * through Quarkus' build-time index of {@code quarkus.flyway.locations} (which lists all three folders), as the
 * extension itself does, so this also works from the packaged jar.
 */
public final class Migrations {

    static final String HISTORY_TABLE = "ingest_schema_history";

    private Migrations() {
    }

    /** In the Quarkus application. */
    public static MigrateResult apply(DataSource dataSource, StorageDialect dialect) {
        FluentConfiguration cfg = configure(dataSource, dialect);
        QuarkusPathLocationScanner scanner = new QuarkusPathLocationScanner(cfg, Arrays.asList(cfg.getLocations()));
        cfg.resourceProvider(new QuarkusFlywayResourceProvider(scanner.scanForResources()))
                .javaMigrationClassProvider(new QuarkusFlywayClassProvider(scanner.scanForClasses()));
        return cfg.load().migrate();
    }

    /** Outside Quarkus (storage tests, benchmarks): Flyway scans the class path itself. */
    public static MigrateResult applyFromClassPath(DataSource dataSource, StorageDialect dialect) {
        return configure(dataSource, dialect).load().migrate();
    }

    private static FluentConfiguration configure(DataSource dataSource, StorageDialect dialect) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/ingest/common", "classpath:" + dialect.migrations())
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0");
    }
}
