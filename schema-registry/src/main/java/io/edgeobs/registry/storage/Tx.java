package io.edgeobs.registry.storage;

import io.edgeobs.registry.compat.SchemaType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The statements of a subject transaction (see {@link SchemaStore#inSubjectTransaction}). */
public final class Tx {

    static final String SELECT_VERSIONS = "SELECT v.subject, v.version, v.schema_id, s.schema_type, s.schema_text, "
            + "v.deleted FROM subject_versions v JOIN schemas s ON s.id = v.schema_id";

    private final Connection c;

    Tx(Connection c) {
        this.c = c;
    }

    public List<StoredVersion> versions(String subject, boolean includeDeleted) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT_VERSIONS + " WHERE v.subject = ?"
                + (includeDeleted ? "" : " AND NOT v.deleted") + " ORDER BY v.version")) {
            s.setString(1, subject);
            return read(s);
        }
    }

    /**
     * The id of a schema by its fingerprint, created if new. The unique fingerprint makes this safe between
     * registry instances: the second insert of the same schema does nothing and both read the one id.
     */
    public int schemaId(SchemaType type, String fingerprint, String text) throws SQLException {
        Integer existing = idByFingerprint(fingerprint);
        if (existing != null) {
            return existing; // no insert, so no sequence value is used up
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO schemas (schema_type, fingerprint, schema_text) "
                + "VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING")) {
            ins.setString(1, type.name());
            ins.setString(2, fingerprint);
            ins.setString(3, text);
            ins.executeUpdate();
        }
        return idByFingerprint(fingerprint);
    }

    private Integer idByFingerprint(String fingerprint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM schemas WHERE fingerprint = ?")) {
            s.setString(1, fingerprint);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    /** Appends a version: one past the highest ever used by the subject (soft-deleted versions keep their number). */
    public int addVersion(String subject, int schemaId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO subject_versions (subject, version, schema_id) "
                + "SELECT ?, COALESCE(MAX(version), 0) + 1, ? FROM subject_versions WHERE subject = ? RETURNING version")) {
            s.setString(1, subject);
            s.setInt(2, schemaId);
            s.setString(3, subject);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public int softDelete(String subject, Integer version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE subject_versions SET deleted = true WHERE subject = ?"
                + (version == null ? "" : " AND version = ?") + " AND NOT deleted")) {
            s.setString(1, subject);
            if (version != null) {
                s.setInt(2, version);
            }
            return s.executeUpdate();
        }
    }

    public int hardDelete(String subject, Integer version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM subject_versions WHERE subject = ?"
                + (version == null ? "" : " AND version = ?"))) {
            s.setString(1, subject);
            if (version != null) {
                s.setInt(2, version);
            }
            return s.executeUpdate();
        }
    }

    static List<StoredVersion> read(PreparedStatement s) throws SQLException {
        List<StoredVersion> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new StoredVersion(rs.getString(1), rs.getInt(2), rs.getInt(3), SchemaType.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getBoolean(6)));
            }
        }
        return out;
    }
}
