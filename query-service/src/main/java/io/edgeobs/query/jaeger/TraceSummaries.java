package io.edgeobs.query.jaeger;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The summaries of Jaeger v3's {@code /api/v3/trace-summaries} (what the Jaeger UI's search page lists): per trace
 * its root span's service and operation, first start and last end in ns (decimal strings, as proto3 JSON writes
 * int64), span, error and orphan counts, and the same counts per service. The root is the earliest span without a
 * parent, else the earliest span; an orphan is a span whose parent is not in the trace.
 */
final class TraceSummaries {

    record Response(List<Summary> summaries) {
    }

    record Summary(String traceId, String rootServiceName, String rootOperationName, String minStartTimeUnixNano,
                   String maxEndTimeUnixNano, int spanCount, int errorSpanCount, int orphanSpanCount,
                   List<Service> services) {
    }

    record Service(String name, int spanCount, int errorSpanCount) {
    }

    Response of(List<TraceStore.TraceSpans> traces) {
        return new Response(traces.stream().map(TraceSummaries::summary).toList());
    }

    static Summary summary(TraceStore.TraceSpans t) {
        List<SpanRow> spans = t.spans();
        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(s.spanId()));
        SpanRow root = spans.stream().filter(s -> s.parentSpanId() == null).findFirst().orElse(spans.get(0));
        long minStart = Long.MAX_VALUE;
        long maxEnd = Long.MIN_VALUE;
        int errors = 0;
        int orphans = 0;
        Map<String, int[]> perService = new LinkedHashMap<>();
        for (SpanRow s : spans) {
            minStart = Math.min(minStart, s.startNanos());
            maxEnd = Math.max(maxEnd, s.endNanos());
            int[] counts = perService.computeIfAbsent(s.service(), k -> new int[2]);
            counts[0]++;
            if (s.isError()) {
                errors++;
                counts[1]++;
            }
            if (s.parentSpanId() != null && !ids.contains(s.parentSpanId())) {
                orphans++;
            }
        }
        List<Service> services = perService.entrySet().stream()
                .map(e -> new Service(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
        return new Summary(t.traceId(), root.service(), root.operation(), Long.toString(minStart),
                Long.toString(maxEnd), spans.size(), errors, orphans, services);
    }
}
