package io.edgeobs.registry.storage;

import io.edgeobs.registry.compat.SchemaType;
import io.edgeobs.registry.error.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Subjects, versions, schemas and compatibility settings in PostgreSQL (tables from {@code db/migration}).
 * Reads are single statements; writes to a subject run in {@link #inSubjectTransaction} under a transaction-scoped
 * advisory lock on the subject, so concurrent registrations, also from other registry instances, never hand out
 * one version number twice.
 */
@ApplicationScoped
public class SchemaStore {

    private final DataSource dataSource;

    public SchemaStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Work done in one transaction on one subject. */
    @FunctionalInterface
    public interface SubjectWork<T> {
        T run(Tx tx) throws SQLException;
    }

    public <T> T inSubjectTransaction(String subject, SubjectWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
                    lock.setString(1, subject);
                    lock.execute();
                }
                T result = work.run(new Tx(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw RegistryException.store(e.getMessage(), e);
        }
    }

    public Optional<StoredSchema> schemaById(int id) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT schema_type, schema_text FROM schemas WHERE id = ?")) {
                s.setInt(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredSchema(id, SchemaType.valueOf(rs.getString(1)),
                            rs.getString(2))) : Optional.empty();
                }
            }
        });
    }

    public List<String> subjects(boolean includeDeleted) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT subject FROM subject_versions"
                    + (includeDeleted ? "" : " WHERE NOT deleted") + " ORDER BY subject")) {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    public List<StoredVersion> versions(String subject, boolean includeDeleted) {
        return query(c -> new Tx(c).versions(subject, includeDeleted));
    }

    /** Subjects and versions that use a schema id. */
    public List<StoredVersion> usages(int schemaId) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(Tx.SELECT_VERSIONS + " WHERE v.schema_id = ? AND NOT v.deleted"
                    + " ORDER BY v.subject, v.version")) {
                s.setInt(1, schemaId);
                return Tx.read(s);
            }
        });
    }

    public Optional<String> compatibility(String subject) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT compatibility FROM compatibility_config WHERE subject = ?")) {
                s.setString(1, subject);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    public void setCompatibility(String subject, String level) {
        update("INSERT INTO compatibility_config (subject, compatibility) VALUES (?, ?) "
                + "ON CONFLICT (subject) DO UPDATE SET compatibility = EXCLUDED.compatibility", subject, level);
    }

    public boolean deleteCompatibility(String subject) {
        return update("DELETE FROM compatibility_config WHERE subject = ?", subject) > 0;
    }

    private int update(String sql, String... params) {
        return query(c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setString(i + 1, params[i]);
                }
                return s.executeUpdate();
            }
        });
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T query(Query<T> q) {
        try (Connection c = dataSource.getConnection()) {
            return q.run(c);
        } catch (SQLException e) {
            throw RegistryException.store(e.getMessage(), e);
        }
    }
}
