package io.edgeobs.query.auth;

import io.edgeobs.query.config.QueryConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;

/** Stores the keys of {@code edgeobs.query.auth.seed-keys} at start (after the migrations). */
@ApplicationScoped
public class SeedKeys {

    private static final Logger LOG = Logger.getLogger(SeedKeys.class);

    void onStart(@Observes StartupEvent event, QueryConfig config, ApiKeyStore keys) {
        List<String> entries = config.auth().seedKeys().orElse(List.of());
        for (String entry : entries) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split(":", 4);
            if (parts.length != 4 || parts[0].isBlank() || parts[2].isBlank()) {
                throw new IllegalStateException("edgeobs.query.auth.seed-keys: '" + redact(entry) + "' is not "
                        + "tenant:role:name:secret");
            }
            if (parts[3].length() < 16 || parts[3].contains(":")) {
                throw new IllegalStateException("edgeobs.query.auth.seed-keys: the secret of key " + parts[2]
                        + " must be at least 16 characters without ':'");
            }
            Role role;
            try {
                role = Role.parse("role", parts[1]);
            } catch (RuntimeException e) {
                throw new IllegalStateException("edgeobs.query.auth.seed-keys: key " + parts[2] + ": " + e.getMessage());
            }
            ApiKey k = keys.seed(parts[0].trim(), parts[2].trim(), role, parts[3]);
            LOG.infof("configured API key %s (%s) of tenant %s with role %s is in place", k.id(), k.name(), k.tenant(),
                    k.role().wireName());
        }
    }

    private static String redact(String entry) {
        int last = entry.lastIndexOf(':');
        return last < 0 ? "<redacted>" : entry.substring(0, last + 1) + "<redacted>";
    }
}
