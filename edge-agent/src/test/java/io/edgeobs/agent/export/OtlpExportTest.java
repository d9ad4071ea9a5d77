package io.edgeobs.agent.export;

import io.edgeobs.agent.http.TestHttp;
import com.sun.net.httpserver.HttpServer;
import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.DurableLogConfig;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.convert.otlp.OtlpEncoding;
import io.edgeobs.model.convert.otlp.OtlpLogs;
import io.edgeobs.model.convert.otlp.OtlpMetrics;
import io.edgeobs.model.convert.otlp.OtlpRequests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code otlp} exporter against a real HTTP server that reads OTLP the way a backend does. */
class OtlpExportTest {

    @TempDir
    Path dir;

    @Test
    void shouldDeliverOtlpAnOtlpBackendReadsBackAndRetryOnlyWhatOtlpSaysIsRetryable() throws Exception {
        List<MetricPoint> metrics = new CopyOnWriteArrayList<>();
        List<LogRecord> logs = new CopyOnWriteArrayList<>();
        List<String> apiKeys = new CopyOnWriteArrayList<>();
        AtomicInteger status = new AtomicInteger(200);
        AtomicInteger unavailableLeft = new AtomicInteger(2); // the first two requests get 503
        HttpServer backend = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        backend.createContext("/v1/", exchange -> {
            byte[] body;
            try (InputStream in = new GZIPInputStream(exchange.getRequestBody())) {
                body = in.readAllBytes();
            }
            apiKeys.add(exchange.getRequestHeaders().getFirst("X-Api-Key"));
            int s = unavailableLeft.getAndDecrement() > 0 ? 503 : status.get();
            if (s == 200) {
                if (exchange.getRequestURI().getPath().equals("/v1/metrics")) {
                    metrics.addAll(OtlpMetrics.convert(OtlpRequests.metrics(body, OtlpEncoding.PROTOBUF), 0).records());
                } else {
                    logs.addAll(OtlpLogs.convert(OtlpRequests.logs(body, OtlpEncoding.PROTOBUF), 0).records());
                }
            }
            exchange.sendResponseHeaders(s, -1);
            exchange.close();
        });
        backend.start();
        try (DurableLog metricLog = DurableLog.open(DurableLogConfig.defaults(dir.resolve("m")));
             DurableLog logLog = DurableLog.open(DurableLogConfig.defaults(dir.resolve("l")))) {
            HttpExporter otlp = HttpExporter.otlp(TestHttp.client(), "http://127.0.0.1:" + backend.getAddress().getPort(),
                    Map.of("X-Api-Key", "secret"), Duration.ofSeconds(5));
            ExportLoop.Limits limits = new ExportLoop.Limits(100, 1 << 20, Duration.ofMillis(10), Duration.ofMillis(10),
                    Duration.ofMillis(50));
            ExportLoop m = new ExportLoop(Signal.METRICS, metricLog, dir.resolve("m"), otlp, limits);
            ExportLoop l = new ExportLoop(Signal.LOGS, logLog, dir.resolve("l"), otlp, limits);
            metricLog.append(ExportLoopTest.entry(Signal.METRICS, 0, 5));
            logLog.append(ExportLoopTest.entry(Signal.LOGS, 0, 3));

            // When the backend first answers 503 (retryable) twice, then 200
            assertThat(m.exportOnce()).isTrue();
            assertThat(l.exportOnce()).isTrue();

            // Then the backend read the same records, and the retry was counted
            assertThat(m.retries()).isPositive();
            assertThat(metrics).extracting(MetricPoint::value).containsExactly(0.0, 1.0, 2.0, 3.0, 4.0);
            assertThat(metrics.get(0).tags()).containsEntry("device.id", "dev-1");
            assertThat(logs).extracting(LogRecord::message).containsExactly("line 0", "line 1", "line 2");
            assertThat(apiKeys).containsOnly("secret");

            // And a 500, which OTLP says not to retry, sends the batch to quarantine
            status.set(500);
            metricLog.append(ExportLoopTest.entry(Signal.METRICS, 5, 1));
            assertThat(m.exportOnce()).isTrue();
            assertThat(m.quarantinedBatches()).isEqualTo(1);
        } finally {
            backend.stop(0);
        }
    }
}
