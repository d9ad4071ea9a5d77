package io.edgeobs.model.manifest;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a manifest from its YAML bytes, strictly: one document, UTF-8, a mapping with only the known fields, no
 * anchors, aliases or tags, no duplicate keys. Every error is a {@link RefusalReason#MALFORMED}
 * {@link ManifestException} naming the field's path ({@code schemas["edgeobs.metrics"]}) or the YAML line.
 *
 * <pre>
 * apiVersion: edgeobs/v1
 * kind: AgentManifest            # or GatewayManifest, ReleaseManifest
 * version: 7                     # positive integer, higher with every change
 * fleet: trams                   # [A-Za-z0-9][A-Za-z0-9._-]*, at most 128 characters
 * deviceType: tram-x86           # optional, same characters
 * schemas: {edgeobs.metrics: 3}  # optional: subject -> pinned registry version
 * components: {edge-agent: "0.1.0"}   # optional: name -> version string
 * files: {targets.yaml: 9f86...}      # optional: relative path -> SHA-256 hex
 * spec: {...}                    # optional: the agent's or gateway's own tree
 * </pre>
 */
public final class ManifestParser {

    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    private static final List<String> FIELDS =
            List.of("apiVersion", "kind", "version", "fleet", "deviceType", "schemas", "components", "files", "spec");

    private final ManifestLimits limits;
    private final YAMLFactory yaml;
    private final ObjectMapper mapper;

    public ManifestParser() {
        this(ManifestLimits.DEFAULTS);
    }

    public ManifestParser(ManifestLimits limits) {
        this.limits = limits;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(limits.maxManifestBytes());
        options.setMaxAliasesForCollections(1);
        options.setNestingDepthLimit(64);
        this.yaml = YAMLFactory.builder().loaderOptions(options).build();
        this.mapper = new ObjectMapper(yaml).enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** Parses and checks a manifest; throws {@link ManifestException} (malformed or too large) otherwise. */
    public Manifest parse(byte[] bytes) {
        if (bytes.length > limits.maxManifestBytes()) {
            throw new ManifestException(RefusalReason.TOO_LARGE, "manifest is " + bytes.length
                    + " bytes, above the limit of " + limits.maxManifestBytes() + " bytes");
        }
        requireUtf8(bytes);
        scanTokens(bytes);
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ManifestException.malformed("", yamlProblem(e));
        } catch (IOException e) {
            throw ManifestException.malformed("", e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw ManifestException.malformed("", "the document is empty; a manifest starts with 'apiVersion: "
                    + Manifest.API_VERSION + "'");
        }
        if (!root.isObject()) {
            throw ManifestException.malformed("", "the document must be a mapping (apiVersion, kind, version, ...), not "
                    + FieldReader.describe(root));
        }
        return fromTree((ObjectNode) root);
    }

    private Manifest fromTree(ObjectNode root) {
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ManifestException.malformed(YamlPaths.child("", name),
                        "unknown field; a manifest has only " + String.join(", ", FIELDS));
            }
        }
        String apiVersion = FieldReader.text(root, "apiVersion");
        if (!Manifest.API_VERSION.equals(apiVersion)) {
            throw ManifestException.malformed("apiVersion", "'" + apiVersion + "' is not supported; this edgeobs reads "
                    + Manifest.API_VERSION);
        }
        String kindName = FieldReader.text(root, "kind");
        ManifestKind kind = ManifestKind.fromYaml(kindName).orElseThrow(() -> ManifestException.malformed("kind",
                "'" + kindName + "' is not a manifest kind; use " + ManifestKind.names()));
        long version = FieldReader.positiveLong(root.get("version"), "version");
        String fleet = FieldReader.name(root, "fleet");
        Optional<String> deviceType = root.has("deviceType")
                ? Optional.of(FieldReader.name(root, "deviceType")) : Optional.empty();
        Map<String, Integer> schemas = new LinkedHashMap<>();
        FieldReader.mapping(root, "schemas").forEach((subject, v) ->
                schemas.put(FieldReader.subject(subject), (int) Math.min(Integer.MAX_VALUE,
                        FieldReader.positiveLong(v, YamlPaths.child("schemas", subject)))));
        Map<String, String> components = new LinkedHashMap<>();
        FieldReader.mapping(root, "components").forEach((name, v) ->
                components.put(name, FieldReader.versionString(v, YamlPaths.child("components", name))));
        Map<String, String> files = new LinkedHashMap<>();
        FieldReader.mapping(root, "files").forEach((path, v) -> {
            String fieldPath = YamlPaths.child("files", path);
            FilePaths.problem(path).ifPresent(p -> {
                throw ManifestException.malformed(fieldPath, p);
            });
            files.put(path, FieldReader.sha256(v, fieldPath));
        });
        JsonNode spec = root.get("spec");
        if (spec != null && !spec.isObject() && !spec.isNull()) {
            throw ManifestException.malformed("spec", "must be a mapping, not " + FieldReader.describe(spec));
        }
        return new Manifest(apiVersion, kind, version, fleet, deviceType, schemas, components, files,
                spec instanceof ObjectNode o ? o : null);
    }

    /** A first pass over the events: one document, no anchors, aliases, tags or binary scalars. */
    private void scanTokens(byte[] bytes) {
        try (YAMLParser p = yaml.createParser(bytes)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return;
            }
            int depth = 0;
            Deque<Set<String>> keys = new ArrayDeque<>();
            while (true) {
                if (p.isCurrentAlias() || p.getCurrentAnchor() != null) {
                    throw ManifestException.malformed("", "YAML anchors and aliases (&name, *name) are not allowed"
                            + at(p.currentLocation()) + "; write the values out");
                }
                if (p.getTypeId() != null || t == JsonToken.VALUE_EMBEDDED_OBJECT) {
                    throw ManifestException.malformed("", "YAML tags (!tag, !!type) are not allowed"
                            + at(p.currentLocation()) + "; quote a value that should be a string");
                }
                if (t == JsonToken.START_OBJECT) {
                    keys.push(new HashSet<>());
                } else if (t == JsonToken.END_OBJECT) {
                    keys.pop();
                } else if (t == JsonToken.FIELD_NAME && !keys.isEmpty() && !keys.peek().add(p.currentName())) {
                    throw ManifestException.malformed("", "key '" + p.currentName() + "' appears twice in the same mapping"
                            + at(p.currentLocation()));
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                if (depth == 0) {
                    break;
                }
                t = p.nextToken();
                if (t == null) {
                    return; // truncated: the tree pass reports it
                }
            }
            if (p.nextToken() != null) {
                throw ManifestException.malformed("", "more than one YAML document" + at(p.currentLocation())
                        + "; a manifest is exactly one document");
            }
        } catch (JsonProcessingException e) {
            throw ManifestException.malformed("", yamlProblem(e));
        } catch (IOException e) {
            throw ManifestException.malformed("", e.getMessage());
        }
    }

    private static void requireUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw ManifestException.malformed("", "the document is not UTF-8 text");
        }
    }

    private static String yamlProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
            return "YAML syntax error at line " + (m.getProblemMark().getLine() + 1) + ", column "
                    + (m.getProblemMark().getColumn() + 1) + ": " + m.getProblem();
        }
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)) + at(e.getLocation());
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() <= 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
