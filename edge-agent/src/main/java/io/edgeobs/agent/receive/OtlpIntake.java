package io.edgeobs.agent.receive;

import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.convert.otlp.Conversion;
import io.edgeobs.model.convert.otlp.OtlpEncoding;
import io.edgeobs.model.convert.otlp.OtlpLogs;
import io.edgeobs.model.convert.otlp.OtlpMetrics;
import io.edgeobs.model.convert.otlp.OtlpRequests;
import io.edgeobs.model.convert.otlp.OtlpTraces;

/** Parses an OTLP/HTTP body of one signal and converts it into edgeobs records. */
final class OtlpIntake {

    /** A body that decompresses beyond the size limit (a gzip bomb, or just too much): 413. */
    static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    private OtlpIntake() {
    }

    /** Decompresses a gzip body, refusing to produce more than {@code limit} bytes. */
    static byte[] gunzip(byte[] compressed, long limit) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed))) {
            byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (out.length > limit) {
                throw new TooLarge("body decompresses to more than the limit of " + limit + " bytes");
            }
            return out;
        } catch (java.io.IOException e) {
            throw new io.edgeobs.model.codec.DecodeException("body is not valid gzip: " + e.getMessage(), e);
        }
    }

    static Conversion<? extends TelemetryRecord> convert(Signal signal, byte[] body, OtlpEncoding encoding) {
        long now = System.currentTimeMillis() * 1_000_000L;
        return switch (signal) {
            case SPANS -> OtlpTraces.convert(OtlpRequests.traces(body, encoding));
            case METRICS -> OtlpMetrics.convert(OtlpRequests.metrics(body, encoding), now);
            case LOGS -> OtlpLogs.convert(OtlpRequests.logs(body, encoding), now);
        };
    }
}
