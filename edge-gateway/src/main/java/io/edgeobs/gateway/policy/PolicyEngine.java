package io.edgeobs.gateway.policy;

import io.edgeobs.model.Batch;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanLink;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.sampling.TraceIdSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A policy ready to apply. For each record, every matching {@code redact} rule applies in order; then the first
 * matching rule with another action decides; a record no rule decides is forwarded. The result depends only on the
 * batch and the policy (and, for {@code aggregate}, on the aggregator fed from the log in order), so replaying the
 * log gives the same output.
 */
public final class PolicyEngine {

    /** Where {@code aggregate} rules send their points; false means "not taken, forward it as it is". */
    public interface AggregateSink {
        boolean offer(Rule rule, Resource resource, MetricPoint point);
    }

    /**
     * What became of a batch's records.
     *
     * @param forwarded the records to send, in their original order (redacted where a rule said so)
     * @param changed   whether {@code forwarded} differs from the batch's records (then the batch is re-encoded)
     * @param local     log records kept at the gateway only
     * @param hits      hits per rule, in rule order
     */
    public record Outcome(List<TelemetryRecord> forwarded, boolean changed, List<LogRecord> local, long[] hits) {
    }

    private final PolicyDocument document;
    private final Redactor redactor;

    public PolicyEngine(PolicyDocument document) {
        this.document = document;
        this.redactor = new Redactor(document.redactKey());
    }

    public PolicyDocument document() {
        return document;
    }

    /** Whether any rule can apply to a batch of this signal and origin; if not it is forwarded without decoding. */
    public boolean touches(Signal signal, String tenant, String fleet, String deviceType, String deviceId) {
        for (Rule r : document.rules()) {
            if (r.match().matchesBatch(signal, tenant, fleet, deviceType, deviceId)) {
                return true;
            }
        }
        return false;
    }

    public Outcome apply(Batch batch, AggregateSink aggregates) {
        List<Rule> rules = document.rules();
        int[] applicable = new int[rules.size()];
        int n = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).match().matchesBatch(batch.signal(), batch.resource())) {
                applicable[n++] = i;
            }
        }
        long[] hits = new long[rules.size()];
        List<TelemetryRecord> forwarded = new ArrayList<>(batch.size());
        List<LogRecord> local = new ArrayList<>();
        boolean changed = false;
        Resource resource = batch.resource();
        for (TelemetryRecord original : batch.records()) {
            TelemetryRecord record = original;
            Action decided = Action.FORWARD;
            Rule decider = null;
            for (int j = 0; j < n; j++) {
                Rule r = rules.get(applicable[j]);
                if (!matches(r, record, resource)) {
                    continue;
                }
                hits[applicable[j]]++;
                if (r.action() == Action.REDACT) {
                    record = redact(record, r.redact());
                    continue;
                }
                decided = r.action();
                decider = r;
                break;
            }
            boolean keep = switch (decided) {
                case FORWARD -> true;
                case DROP -> false;
                case SAMPLE -> sampled((Span) record, decider.sample());
                case KEEP_LOCAL -> {
                    local.add((LogRecord) record);
                    yield false;
                }
                case AGGREGATE -> !aggregates.offer(decider, resource, (MetricPoint) record);
                case REDACT -> throw new IllegalStateException("redact is not terminal");
            };
            if (keep) {
                forwarded.add(record);
            }
            changed |= !keep || record != original;
        }
        return new Outcome(forwarded, changed, local, hits);
    }

    private boolean sampled(Span s, Rule.Sample sample) {
        return (sample.keepErrors() && s.status().isError())
                || new TraceIdSampler(document.samplingSeed(), sample.ratio()).keep(s.traceId());
    }

    private static boolean matches(Rule r, TelemetryRecord record, Resource resource) {
        Match m = r.match();
        if (record instanceof MetricPoint p) {
            return m.matchesRecord(p.name(), null, null, null, lookup(p.tags()::get, resource));
        }
        if (record instanceof Span s) {
            return m.matchesRecord(null, s.service(), s.operation(), null, lookup(s.tags()::get, resource));
        }
        LogRecord l = (LogRecord) record;
        return m.matchesRecord(null, null, null, l.level(), lookup(k -> {
            Object v = l.fields().get(k);
            return v == null ? null : String.valueOf(v);
        }, resource));
    }

    private static Function<String, String> lookup(Function<String, String> own, Resource resource) {
        return k -> {
            String v = own.apply(k);
            return v != null ? v : resource.tags().get(k);
        };
    }

    private TelemetryRecord redact(TelemetryRecord record, Rule.Redact r) {
        if (record instanceof MetricPoint p) {
            return p.withTags(redactor.tags(p.tags(), r));
        }
        if (record instanceof Span s) {
            List<SpanEvent> events = new ArrayList<>(s.events().size());
            s.events().forEach(e -> events.add(new SpanEvent(e.timeUnixNanos(), e.name(), redactor.tags(e.tags(), r))));
            List<SpanLink> links = new ArrayList<>(s.links().size());
            s.links().forEach(l -> links.add(new SpanLink(l.traceId(), l.spanId(), redactor.tags(l.tags(), r))));
            return new Span(s.traceId(), s.spanId(), s.parentSpanId(), s.service(), s.operation(), s.kind(),
                    s.startUnixNanos(), s.durationNanos(), s.status(), redactor.tags(s.tags(), r), events, links);
        }
        LogRecord l = (LogRecord) record;
        return l.withFields(redactor.fields(l.fields(), r));
    }
}
