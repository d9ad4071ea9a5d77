package io.edgeobs.gateway.remotewrite;

import com.google.protobuf.InvalidProtocolBufferException;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.gateway.remotewrite.proto.Label;
import io.edgeobs.gateway.remotewrite.proto.MetricMetadata;
import io.edgeobs.gateway.remotewrite.proto.Sample;
import io.edgeobs.gateway.remotewrite.proto.TimeSeries;
import io.edgeobs.gateway.remotewrite.proto.WriteRequest;
import io.edgeobs.model.Id;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;
import io.edgeobs.model.convert.prometheus.FamilyResolver;
import io.edgeobs.model.convert.prometheus.MetricFamily;
import io.edgeobs.model.validation.Violation;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A remote_write 1.0 body into metric points: snappy block format (the declared uncompressed length is checked
 * against the limit before anything is inflated), then {@code prometheus.WriteRequest}. Labels become tags,
 * {@code __name__} the name, milliseconds nanoseconds; the kind comes from the metadata Prometheus sends (in the same
 * request or an earlier one), else gauge. Staleness markers are dropped (edgeobs has no staleness) and counted.
 */
final class WriteRequests {

    /** Prometheus' staleness marker: one particular NaN. */
    static final long STALE_NAN = 0x7ff0000000000002L;

    /** Points of a request, and the series that could not be read. */
    record Converted(List<MetricPoint> points, long staleMarkers, long rejected, List<Violation> violations) {
    }

    private WriteRequests() {
    }

    static WriteRequest parse(byte[] body, long limit) {
        byte[] raw;
        try {
            if (!Snappy.isValidCompressedBuffer(body)) {
                throw new GatewayException.BadRequest("the body is not snappy block format (remote_write sends "
                        + "Content-Encoding: snappy, block format, not framed)");
            }
            long length = Snappy.uncompressedLength(body);
            if (length > limit) {
                throw new GatewayException.TooLarge("the body decompresses to " + length + " bytes, over the limit of "
                        + limit);
            }
            raw = Snappy.uncompress(body);
        } catch (IOException e) {
            throw new GatewayException.BadRequest("the body is not valid snappy: " + e.getMessage(), e);
        }
        try {
            return WriteRequest.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new GatewayException.BadRequest("the body is not a prometheus.WriteRequest: " + e.getMessage(), e);
        }
    }

    /** Learns the families the request declares. */
    static void learn(WriteRequest request, FamilyResolver families) {
        for (MetricMetadata m : request.getMetadataList()) {
            MetricFamily.Type type = switch (m.getType()) {
                case COUNTER -> MetricFamily.Type.COUNTER;
                case GAUGE -> MetricFamily.Type.GAUGE;
                case HISTOGRAM -> MetricFamily.Type.HISTOGRAM;
                case GAUGEHISTOGRAM -> MetricFamily.Type.GAUGEHISTOGRAM;
                case SUMMARY -> MetricFamily.Type.SUMMARY;
                case INFO -> MetricFamily.Type.INFO;
                case STATESET -> MetricFamily.Type.STATESET;
                default -> MetricFamily.Type.UNKNOWN;
            };
            families.update(new MetricFamily(m.getMetricFamilyName(), type, m.getHelp(), m.getUnit()));
        }
    }

    static Converted convert(WriteRequest request, FamilyResolver families) {
        List<MetricPoint> points = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        long stale = 0;
        long rejected = 0;
        String[] kv = new String[16];
        for (int i = 0; i < request.getTimeseriesCount(); i++) {
            TimeSeries ts = request.getTimeseries(i);
            String name = null;
            int pairs = 0;
            if (kv.length < 2 * ts.getLabelsCount()) {
                kv = new String[2 * ts.getLabelsCount()];
            }
            for (Label l : ts.getLabelsList()) {
                if (l.getName().equals("__name__")) {
                    name = l.getValue();
                } else {
                    kv[2 * pairs] = l.getName();
                    kv[2 * pairs + 1] = l.getValue();
                    pairs++;
                }
            }
            Tags tags;
            try {
                tags = Tags.ofPairs(kv, pairs);
            } catch (IllegalArgumentException e) {
                rejected += ts.getSamplesCount();
                violations.add(new Violation("timeseries[" + i + "].labels", e.getMessage()));
                continue;
            }
            if (name == null || name.isEmpty()) {
                rejected += ts.getSamplesCount();
                violations.add(new Violation("timeseries[" + i + "].labels", "no __name__ label"));
                continue;
            }
            FamilyResolver.Resolved r = families.resolve(name);
            for (Sample s : ts.getSamplesList()) {
                if (Double.doubleToRawLongBits(s.getValue()) == STALE_NAN) {
                    stale++;
                    continue;
                }
                if (Math.abs(s.getTimestamp()) > Long.MAX_VALUE / 1_000_000L) {
                    rejected++;
                    violations.add(new Violation("timeseries[" + i + "].samples", "timestamp " + s.getTimestamp()
                            + " ms is out of range"));
                    continue;
                }
                points.add(new MetricPoint(name, s.getValue(), r.unit(), s.getTimestamp() * 1_000_000L,
                        tags, r.kind(), Id.EMPTY));
            }
        }
        return new Converted(points, stale, rejected, violations);
    }
}
