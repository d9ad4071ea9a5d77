package io.edgeobs.query.auth;

import io.edgeobs.query.api.QueryException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys in {@code query.api_keys}: made with 32 random bytes, shown once, stored as their SHA-256. Lookups are
 * cached for {@link #CACHE_MILLIS} (a revocation through this instance takes effect at once; through another
 * replica within that time); {@code last_used_at} is written at most once a minute per key.
 */
@ApplicationScoped
public class ApiKeyStore {

    private static final Logger LOG = Logger.getLogger(ApiKeyStore.class);
    static final String PREFIX = "eoq_";
    static final long CACHE_MILLIS = 10_000;
    private static final long LAST_USED_EVERY_MILLIS = 60_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource db;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> lastUsedWritten = new ConcurrentHashMap<>();

    private record Cached(Optional<ApiKey> key, long atMillis) {
    }

    /** A key just made: its record and its secret, which is never stored or shown again. */
    public record Created(ApiKey key, String secret) {
    }

    public ApiKeyStore(DataSource db) {
        this.db = db;
    }

    /** Makes a key with a fresh random secret. */
    public Created create(String tenant, String name, Role role, String createdBy) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return new Created(insert(tenant, name, role, secret, createdBy), secret);
    }

    /**
     * Makes sure a key with this secret exists (for keys given in configuration, such as the first admin's or
     * Grafana's). Idempotent: an existing key with the same secret is kept as it is.
     */
    public ApiKey seed(String tenant, String name, Role role, String secret) {
        Optional<ApiKey> existing = lookup(hash(secret));
        if (existing.isPresent()) {
            ApiKey k = existing.get();
            if (!k.tenant().equals(tenant) || k.role() != role) {
                LOG.warnf("configured key %s is already stored as tenant %s role %s; keeping the stored one",
                        name, k.tenant(), k.role().wireName());
            }
            return k;
        }
        return insert(tenant, name, role, secret, "configuration");
    }

    private ApiKey insert(String tenant, String name, Role role, String secret, String createdBy) {
        String id = "key_" + HexFormat.of().formatHex(hash(secret), 0, 8);
        String sql = "INSERT INTO query.api_keys (id, tenant, name, role, key_hash, prefix, created_by) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING created_at";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, tenant);
            ps.setString(3, name);
            ps.setString(4, role.wireName());
            ps.setBytes(5, hash(secret));
            ps.setString(6, secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6)));
            ps.setString(7, createdBy);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                LOG.infof("API key %s (%s) made for tenant %s with role %s by %s", id, name, tenant, role.wireName(),
                        createdBy);
                return new ApiKey(id, tenant, name, role, secret.substring(0, Math.min(secret.length(), PREFIX.length() + 6)),
                        rs.getTimestamp(1).toInstant(), createdBy, null, null);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store API key " + name + ": " + e.getMessage(), e);
        }
    }

    /** The key behind a secret, if it is one this service made (revoked keys included). */
    public Optional<ApiKey> find(String secret) {
        String h = HexFormat.of().formatHex(hash(secret));
        long now = System.currentTimeMillis();
        Cached c = cache.get(h);
        if (c == null || now - c.atMillis() > CACHE_MILLIS) {
            c = new Cached(lookup(hash(secret)), now);
            if (cache.size() > 10_000) {
                cache.clear(); // bounded: random secrets sent by a scanner must not grow the heap
            }
            cache.put(h, c);
        }
        c.key().filter(k -> !k.isRevoked()).ifPresent(k -> touch(k, now));
        return c.key();
    }

    public List<ApiKey> list(String tenant) {
        List<ApiKey> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM query.api_keys WHERE tenant = ? ORDER BY created_at, id")) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list API keys: " + e.getMessage(), e);
        }
    }

    /** Revokes a key of the tenant; a key of another tenant is not found. */
    public ApiKey revoke(String tenant, String id) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE query.api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant = ? AND id = ? "
                        + "RETURNING *")) {
            ps.setString(1, tenant);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new QueryException.NotFound("no API key " + id + " in tenant " + tenant);
                }
                cache.clear();
                ApiKey k = row(rs);
                LOG.infof("API key %s (%s) of tenant %s revoked", id, k.name(), tenant);
                return k;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot revoke API key " + id + ": " + e.getMessage(), e);
        }
    }

    private Optional<ApiKey> lookup(byte[] hash) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM query.api_keys WHERE key_hash = ?")) {
            ps.setBytes(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read API keys: " + e.getMessage(), e);
        }
    }

    private void touch(ApiKey k, long now) {
        Long last = lastUsedWritten.get(k.id());
        if (last != null && now - last < LAST_USED_EVERY_MILLIS) {
            return;
        }
        lastUsedWritten.put(k.id(), now);
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE query.api_keys SET last_used_at = now() WHERE id = ?")) {
            ps.setString(1, k.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            LOG.debugf("cannot note the use of API key %s: %s", k.id(), e.getMessage());
        }
    }

    private static ApiKey row(ResultSet rs) throws SQLException {
        return new ApiKey(rs.getString("id"), rs.getString("tenant"), rs.getString("name"),
                Role.parse("role", rs.getString("role")), rs.getString("prefix"), instant(rs.getTimestamp("created_at")),
                rs.getString("created_by"), instant(rs.getTimestamp("revoked_at")), instant(rs.getTimestamp("last_used_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
