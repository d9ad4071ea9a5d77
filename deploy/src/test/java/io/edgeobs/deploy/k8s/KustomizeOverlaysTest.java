package io.edgeobs.deploy.k8s;

import io.edgeobs.deploy.Repo;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.edgeobs.deploy.k8s.Objects.allContainers;
import static io.edgeobs.deploy.k8s.Objects.id;
import static io.edgeobs.deploy.k8s.Objects.kind;
import static io.edgeobs.deploy.k8s.Objects.list;
import static io.edgeobs.deploy.k8s.Objects.map;
import static io.edgeobs.deploy.k8s.Objects.name;
import static io.edgeobs.deploy.k8s.Objects.ofKind;
import static io.edgeobs.deploy.k8s.Objects.podSpec;
import static io.edgeobs.deploy.k8s.Objects.workloads;
import static org.assertj.core.api.Assertions.assertThat;

@SuppressWarnings("unchecked")
/** Renders every overlay of k8s/ with the real kubectl kustomize and checks the objects an operator would apply. */
class KustomizeOverlaysTest {

    static final Map<String, List<Map<String, Object>>> RENDERED = new HashMap<>();
    static Path kubectl;

    @BeforeAll
    static void kubectlIsInstalled() {
        kubectl = Kustomize.kubectl().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed here (Debian: apt-get install kubernetes-client;"
                + " .ci/run installs it), so k8s/ cannot be rendered");
    }

    static synchronized List<Map<String, Object>> rendered(String overlay) throws Exception {
        if (!RENDERED.containsKey(overlay)) {
            RENDERED.put(overlay, Kustomize.render(kubectl, Repo.root().resolve("k8s/overlays").resolve(overlay)));
        }
        return RENDERED.get(overlay);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldRenderTheWholeSystemIntoOneNamespace(String overlay) throws Exception {
        // When
        List<Map<String, Object>> objects = rendered(overlay);

        // Then
        assertThat(workloads(objects)).extracting(Objects::id).containsExactlyInAnyOrder(
                "StatefulSet/kafka", "StatefulSet/timescaledb", "StatefulSet/opensearch", "Deployment/jaeger",
                "Deployment/schema-registry", "StatefulSet/edge-gateway", "Deployment/ingest-service",
                "Deployment/query-service", "DaemonSet/edge-agent", "Deployment/grafana");
        assertThat(objects.stream().filter(o -> !kind(o).equals("Namespace"))
                .map(o -> map(o, "metadata").get("namespace")).collect(Collectors.toSet())).containsExactly("edgeobs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldPinEveryThirdPartyImageByDigestAndEdgeobsImagesByTheProjectVersion(String overlay) throws Exception {
        // When
        List<String> images = workloads(rendered(overlay)).stream().flatMap(w -> allContainers(w).stream())
                .map(c -> String.valueOf(c.get("image"))).toList();

        // Then
        assertThat(images).isNotEmpty().allSatisfy(image -> {
            if (image.startsWith("edgeobs/")) {
                // their digests exist only once a release is built: ImagePinsTest pins them from its manifest
                assertThat(image).as("edgeobs image").matches("edgeobs/[a-z-]+:" + java.util.regex.Pattern.quote(Repo.version()));
            } else {
                assertThat(image).as("third-party image").matches("[^@\\s]+:[^@\\s]+@sha256:[0-9a-f]{64}");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldGiveEveryContainerProbesRequestsAndLimits(String overlay) throws Exception {
        for (Map<String, Object> w : workloads(rendered(overlay))) {
            for (Map<String, Object> c : list(podSpec(w), "containers")) {
                String where = id(w) + " container " + c.get("name");
                assertThat(c).as(where + " probes").containsKeys("readinessProbe", "livenessProbe");
                assertResources(where, c);
            }
            for (Map<String, Object> c : list(podSpec(w), "initContainers")) {
                assertResources(id(w) + " init container " + c.get("name"), c);
            }
        }
    }

    private static void assertResources(String where, Map<String, Object> c) {
        assertThat(map(c, "resources", "requests")).as(where + " requests").containsKeys("cpu", "memory");
        assertThat(map(c, "resources", "limits")).as(where + " limits").containsKeys("cpu", "memory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldDefineEverySecretAndConfigMapKeyThatIsReferenced(String overlay) throws Exception {
        // Given
        List<Map<String, Object>> objects = rendered(overlay);
        Map<String, Set<String>> secrets = keys(ofKind(objects, "Secret"));
        Map<String, Set<String>> configMaps = keys(ofKind(objects, "ConfigMap"));
        List<String> references = new ArrayList<>();

        // When every reference is collected
        for (Map<String, Object> w : workloads(objects)) {
            for (Map<String, Object> c : allContainers(w)) {
                for (Map<String, Object> e : list(c, "env")) {
                    Map<String, Object> s = map(e, "valueFrom", "secretKeyRef");
                    if (!s.isEmpty()) {
                        references.add("Secret " + s.get("name") + " " + s.get("key"));
                    }
                    Map<String, Object> m = map(e, "valueFrom", "configMapKeyRef");
                    if (!m.isEmpty()) {
                        references.add("ConfigMap " + m.get("name") + " " + m.get("key"));
                    }
                }
                for (Map<String, Object> e : list(c, "envFrom")) {
                    if (e.containsKey("secretRef")) {
                        references.add("Secret " + map(e, "secretRef").get("name") + " *");
                    }
                    if (e.containsKey("configMapRef")) {
                        references.add("ConfigMap " + map(e, "configMapRef").get("name") + " *");
                    }
                }
            }
            for (Map<String, Object> v : list(podSpec(w), "volumes")) {
                if (v.containsKey("secret")) {
                    references.add("Secret " + map(v, "secret").get("secretName") + " *");
                }
                if (v.containsKey("configMap")) {
                    references.add("ConfigMap " + map(v, "configMap").get("name") + " *");
                }
            }
        }

        // Then
        assertThat(references).isNotEmpty().allSatisfy(r -> {
            String[] p = r.split(" ");
            Map<String, Set<String>> defined = p[0].equals("Secret") ? secrets : configMaps;
            assertThat(defined).as(r + ": defined").containsKey(p[1]);
            if (!p[2].equals("*")) {
                assertThat(defined.get(p[1])).as(r + ": key").contains(p[2]);
            }
        });
        assertThat(references).anyMatch(r -> r.startsWith("Secret edgeobs-tokens"));
    }

    private static Map<String, Set<String>> keys(List<Map<String, Object>> objects) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (Map<String, Object> o : objects) {
            Set<String> k = new TreeSet<>(map(o, "data").keySet());
            k.addAll(map(o, "stringData").keySet());
            keys.put(name(o), k);
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldSelectSomePodWithEveryService(String overlay) throws Exception {
        List<Map<String, Object>> objects = rendered(overlay);
        List<Map<String, Object>> pods = workloads(objects).stream().map(w -> map(w, "spec", "template", "metadata", "labels")).toList();
        for (Map<String, Object> s : ofKind(objects, "Service")) {
            Map<String, Object> selector = map(s, "spec", "selector");
            assertThat(selector).as("Service " + name(s) + " selector").isNotEmpty();
            assertThat(pods).as("pods selected by Service " + name(s))
                    .anySatisfy(labels -> assertThat(labels).containsAllEntriesOf(selector));
            // and every port it names exists on such a pod
        }
        // a workload's own selector matches its template, and a StatefulSet's service exists
        for (Map<String, Object> w : workloads(objects)) {
            assertThat(map(w, "spec", "template", "metadata", "labels")).as(id(w))
                    .containsAllEntriesOf(map(w, "spec", "selector", "matchLabels"));
            if (kind(w).equals("StatefulSet")) {
                assertThat(ofKind(objects, "Service")).extracting(Objects::name).as(id(w) + " serviceName")
                        .contains(String.valueOf(map(w, "spec").get("serviceName")));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldScaleGatewayIngestAndQueryWithAutoscalersWhoseTargetsExist(String overlay) throws Exception {
        List<Map<String, Object>> objects = rendered(overlay);
        Set<String> workloads = workloads(objects).stream().map(Objects::id).collect(Collectors.toSet());
        List<Map<String, Object>> hpas = ofKind(objects, "HorizontalPodAutoscaler");
        assertThat(hpas).extracting(h -> map(h, "spec", "scaleTargetRef").get("kind") + "/"
                + map(h, "spec", "scaleTargetRef").get("name"))
                .containsExactlyInAnyOrder("StatefulSet/edge-gateway", "Deployment/ingest-service", "Deployment/query-service")
                .allSatisfy(target -> assertThat(workloads).contains(target));
        assertThat(hpas).allSatisfy(h -> assertThat((Integer) map(h, "spec").get("maxReplicas"))
                .isGreaterThanOrEqualTo((Integer) map(h, "spec").get("minReplicas")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldLetOnlyTheGatewayBeReachedFromOutsideTheCluster(String overlay) throws Exception {
        List<Map<String, Object>> objects = rendered(overlay);
        List<Map<String, Object>> policies = ofKind(objects, "NetworkPolicy");

        // Then everything is closed by default ...
        assertThat(policies).anySatisfy(p -> {
            assertThat(map(p, "spec", "podSelector", "matchExpressions")).isEmpty();
            assertThat(list(p, "spec", "ingress")).isEmpty();
            assertThat((List<Object>) map(p, "spec").get("policyTypes")).containsExactly("Ingress");
        });
        // ... a rule open to any source (no 'from', or an ipBlock) selects the gateway's pods only ...
        for (Map<String, Object> p : policies) {
            for (Map<String, Object> rule : list(p, "spec", "ingress")) {
                boolean fromAnywhere = !rule.containsKey("from")
                        || list(rule, "from").stream().anyMatch(f -> f.containsKey("ipBlock"));
                if (fromAnywhere) {
                    assertThat(map(p, "spec", "podSelector", "matchLabels"))
                            .as("NetworkPolicy " + name(p) + " opens a port to any source")
                            .containsEntry("app.kubernetes.io/name", "edge-gateway");
                }
            }
        }
        // ... and the gateway has the only Service reachable from outside
        assertThat(ofKind(objects, "Service")).filteredOn(s -> Set.of("LoadBalancer", "NodePort")
                .contains(String.valueOf(map(s, "spec").get("type")))).extracting(Objects::name)
                .containsExactly("edge-gateway");
        // every workload's pods are covered by some policy besides the default deny
        for (Map<String, Object> w : workloads(objects)) {
            Map<String, Object> labels = map(w, "spec", "template", "metadata", "labels");
            assertThat(policies).as(id(w) + " allowed in by a policy").anySatisfy(p -> {
                assertThat(list(p, "spec", "ingress")).isNotEmpty();
                Map<String, Object> sel = map(p, "spec", "podSelector");
                assertThat(labels).containsAllEntriesOf(map(sel, "matchLabels"));
                for (Map<String, Object> expr : list(sel, "matchExpressions")) {
                    assertThat((List<Object>) expr.get("values")).contains(labels.get(expr.get("key")));
                }
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k3s-edge", "production"})
    void shouldRunTheAgentOnEveryNodeWithItsDurableLogOnTheNode(String overlay) throws Exception {
        Map<String, Object> agent = ofKind(rendered(overlay), "DaemonSet").get(0);
        Map<String, Object> container = list(podSpec(agent), "containers").get(0);
        String dataDir = list(container, "env").stream().filter(e -> "EDGEOBS_AGENT_DATA_DIR".equals(e.get("name")))
                .map(e -> String.valueOf(e.get("value"))).findFirst().orElseThrow();
        String volume = list(container, "volumeMounts").stream().filter(m -> dataDir.equals(m.get("mountPath")))
                .map(m -> String.valueOf(m.get("name"))).findFirst().orElseThrow();
        assertThat(list(podSpec(agent), "volumes")).filteredOn(v -> volume.equals(v.get("name")))
                .singleElement().satisfies(v -> assertThat(map(v, "hostPath")).containsEntry("path", "/var/lib/edgeobs/agent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"production"})
    void shouldRunThreeKafkaBrokersAsControllerQuorumInProduction(String overlay) throws Exception {
        Map<String, Object> kafka = ofKind(rendered(overlay), "StatefulSet").stream()
                .filter(s -> name(s).equals("kafka")).findFirst().orElseThrow();
        Map<String, String> env = list(list(podSpec(kafka), "containers").get(0), "env").stream()
                .filter(e -> e.containsKey("value"))
                .collect(Collectors.toMap(e -> String.valueOf(e.get("name")), e -> String.valueOf(e.get("value"))));
        assertThat(map(kafka, "spec").get("replicas")).isEqualTo(3);
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(",")).hasSize(3);
        assertThat(env).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3").containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2");
    }
}
