package io.edgeobs.deploy.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Navigation in rendered Kubernetes objects (parsed YAML maps), with the paths the checks need. */
final class Objects {

    static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    private Objects() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String... path) {
        Object cur = o;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return Map.of();
            }
            cur = m.get(p);
        }
        return cur instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o, String... path) {
        String last = path[path.length - 1];
        Object v = map(o, java.util.Arrays.copyOf(path, path.length - 1)).get(last);
        if (!(v instanceof List<?> l)) {
            return List.of();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        l.forEach(e -> out.add(e instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()));
        return out;
    }

    static String kind(Map<String, Object> o) {
        return String.valueOf(o.get("kind"));
    }

    static String name(Map<String, Object> o) {
        return String.valueOf(map(o, "metadata").get("name"));
    }

    static String id(Map<String, Object> o) {
        return kind(o) + "/" + name(o);
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> all, String kind) {
        return all.stream().filter(o -> kind.equals(kind(o))).toList();
    }

    static List<Map<String, Object>> workloads(List<Map<String, Object>> all) {
        return all.stream().filter(o -> WORKLOADS.contains(kind(o))).toList();
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return map(workload, "spec", "template", "spec");
    }

    /** Containers and init containers of a workload. */
    static List<Map<String, Object>> allContainers(Map<String, Object> workload) {
        List<Map<String, Object>> c = new ArrayList<>(list(podSpec(workload), "containers"));
        c.addAll(list(podSpec(workload), "initContainers"));
        return c;
    }
}
