package io.edgeobs.query.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.config.QueryConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rules from the YAML file {@code edgeobs.query.alerts.rules-file} (format in ADR 0064): loaded at start and again
 * whenever its content changes. A file that is missing, unreadable or has one invalid rule changes nothing: the
 * rules of the last good file stay in force (a half-written file never deletes alerts). Valid files replace all
 * file rules at once.
 */
@ApplicationScoped
public class RuleFileLoader {

    private static final Logger LOG = Logger.getLogger(RuleFileLoader.class);

    private final RuleStore store;
    private final Optional<Path> file;
    private byte[] loadedDigest;

    public RuleFileLoader(RuleStore store, QueryConfig config) {
        this.store = store;
        this.file = config.alerts().rulesFile().filter(s -> !s.isBlank()).map(Path::of);
    }

    void onStart(@Observes StartupEvent event) {
        checkForChange();
    }

    /** Reloads the file if its content changed since the last load; logs why not when it is not usable. */
    public synchronized void checkForChange() {
        if (file.isEmpty()) {
            return;
        }
        try {
            byte[] content = Files.readAllBytes(file.get());
            if (!Arrays.equals(digest(content), loadedDigest)) {
                load(content);
            }
        } catch (IOException e) {
            LOG.warnf("rules file %s cannot be read (%s); the rules loaded before stay in force", file.get(),
                    e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf("rules file %s is not valid, the rules loaded before stay in force: %s", file.get(),
                    e.getMessage());
        }
    }

    /**
     * Loads the file now, whatever its content; the number of file rules in force. Throws when the file cannot be
     * read or is invalid (the rules in force stay as they were).
     */
    public synchronized int reload() throws IOException {
        return load(Files.readAllBytes(file.orElseThrow(() -> new IllegalStateException(
                "edgeobs.query.alerts.rules-file is not set"))));
    }

    private int load(byte[] content) {
        List<AlertRule> rules = parse(content);
        int n = store.syncFile(rules);
        loadedDigest = digest(content);
        LOG.infof("rules file %s loaded: %d rules in force", file.orElseThrow(), n);
        return n;
    }

    /** The rules of a file's content, each with its tenant and file id; invalid content throws naming the field. */
    static List<AlertRule> parse(byte[] content) {
        JsonNode root;
        try {
            root = RuleCodec.YAML.readTree(content);
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new QueryException.BadParameter("rules", "not YAML: " + why);
        }
        List<AlertRule> out = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return out;
        }
        JsonNode list = root.get("rules");
        if (!root.isObject() || root.size() != 1 || list == null || !(list.isArray() || list.isNull())) {
            throw new QueryException.BadParameter("rules", "the file must be a map with one key, rules, holding a list");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String prefix = "rules[" + i + "].";
            JsonNode node = list.get(i);
            if (!node.isObject()) {
                throw new QueryException.BadParameter("rules[" + i + "]", "give a rule as a map");
            }
            JsonNode tenant = node.get("tenant");
            if (tenant == null || !tenant.isTextual() || tenant.asText().isBlank()) {
                throw new QueryException.BadParameter(prefix + "tenant", "missing; every rule of the file names its tenant");
            }
            ObjectNode body = ((ObjectNode) node).deepCopy();
            body.remove("tenant");
            AlertRule r = RuleValidator.validate(RuleCodec.spec(body, prefix), prefix);
            String t = tenant.asText().trim();
            if (!seen.add(t + "\u0000" + r.name())) {
                throw new QueryException.BadParameter(prefix + "name", "tenant " + t + " has two rules named '" + r.name()
                        + "'");
            }
            out.add(r.withIdentity(RuleStore.fileId(t, r.name()), t, AlertRule.Source.FILE));
        }
        return out;
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
