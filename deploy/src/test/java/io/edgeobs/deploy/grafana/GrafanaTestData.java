package io.edgeobs.deploy.grafana;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** A few rows of one tenant in the ingest tables, the way ingest-service writes them, for the dashboards' SQL. */
final class GrafanaTestData {

    static final Map<String, List<String>> VARIABLES = Map.of(
            "tenant", List.of("acme"), "fleet", List.of("f1"), "device", List.of("d1", "d2"),
            "metric", List.of("edgeobs_agent_buffer_bytes"), "agg", List.of("avg"), "level", List.of("3"),
            "search", List.of("started"), "service", List.of("edge-gateway"));

    /** The metric names the dashboards read (edge-agent SelfTelemetry, gateway and ingest /q/metrics), tag JSON. */
    private static final Map<String, String> METRICS = Map.ofEntries(
            Map.entry("edgeobs_agent_buffer_bytes", "{\"signal\":\"metrics\"}"),
            Map.entry("edgeobs_agent_buffer_dropped_total", "{\"reason\":\"budget\"}"),
            Map.entry("edgeobs_agent_export_lag", "{\"signal\":\"logs\"}"),
            Map.entry("edgeobs_agent_process_resident_memory_bytes", "{}"),
            Map.entry("edgeobs_gateway_records_accepted_total", "{\"signal\":\"metrics\"}"),
            Map.entry("edgeobs_gateway_records_dropped_total", "{\"reason\":\"policy\"}"),
            Map.entry("edgeobs_gateway_forward_lag", "{\"signal\":\"metrics\"}"),
            Map.entry("edgeobs_ingest_records_total", "{\"signal\":\"metrics\",\"sink\":\"postgresql\"}"),
            Map.entry("edgeobs_ingest_consumer_lag_records", "{\"topic\":\"edgeobs.metrics\",\"partition\":\"0\"}"),
            Map.entry("edgeobs_ingest_dlq_records_total", "{\"reason\":\"schema\"}"));

    private GrafanaTestData() {
    }

    static void insert(Connection db, Instant now) throws SQLException {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        try (PreparedStatement dev = db.prepareStatement("INSERT INTO devices VALUES ('acme', ?, 'f1', 'rpi4', '0.1.0', "
                + "'{}'::jsonb, 'gw1', 'eu', ?, ?, ?, 1000, 7, 2.5, ?)")) {
            for (String d : List.of("d1", "d2")) {
                Timestamp seen = ts(d.equals("d1") ? now.minusSeconds(30) : now.minusSeconds(1200));
                dev.setString(1, d);
                dev.setTimestamp(2, ts(now.minusSeconds(3600)));
                dev.setTimestamp(3, seen);
                dev.setDouble(4, d.equals("d1") ? 900 : 100);
                dev.setTimestamp(5, seen);
                dev.executeUpdate();
            }
        }
        try (PreparedStatement series = db.prepareStatement("INSERT INTO series (key_hash, tenant, device_id, name, unit, kind, tags) "
                + "VALUES (?, 'acme', ?, ?, '', ?, ?::jsonb) RETURNING id");
             PreparedStatement point = db.prepareStatement("INSERT INTO metric_points VALUES (?, ?, ?, NULL)");
             PreparedStatement m1 = db.prepareStatement("INSERT INTO metrics_1m VALUES (?, ?, ?, ?, ?, ?, 1, ?)");
             PreparedStatement h1 = db.prepareStatement("INSERT INTO metrics_1h VALUES (?, ?, 1, 10, 5, 50, 10, 10)")) {
            for (Map.Entry<String, String> m : METRICS.entrySet()) {
                for (String d : List.of("d1", "d2")) {
                    series.setBytes(1, sha256(d + m.getKey() + m.getValue()));
                    series.setString(2, d);
                    series.setString(3, m.getKey());
                    series.setString(4, m.getKey().endsWith("_total") ? "counter" : "gauge");
                    series.setString(5, m.getValue());
                    long id;
                    try (ResultSet rs = series.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    for (int i = 10; i >= 1; i--) {
                        double v = (11 - i) * 10.0;
                        Instant t = minute.minus(i, ChronoUnit.MINUTES);
                        point.setLong(1, id);
                        point.setTimestamp(2, ts(t));
                        point.setDouble(3, v);
                        point.addBatch();
                        m1.setLong(1, id);
                        m1.setTimestamp(2, ts(t));
                        for (int c = 3; c <= 7; c++) {
                            m1.setDouble(c, v);
                        }
                        m1.addBatch();
                    }
                    h1.setLong(1, id);
                    h1.setTimestamp(2, ts(now.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS)));
                    h1.addBatch();
                }
            }
            point.executeBatch();
            m1.executeBatch();
            h1.executeBatch();
        }
        try (PreparedStatement log = db.prepareStatement("INSERT INTO logs (tenant, device_id, ts, level, message, fields, trace_id, span_id) "
                + "VALUES ('acme', ?, ?, ?, ?, '{\"component\":\"exporter\"}'::jsonb, decode(?, 'hex'), NULL)");
             PreparedStatement span = db.prepareStatement("INSERT INTO spans VALUES ('acme', 'd1', decode(?, 'hex'), "
                     + "decode(?, 'hex'), NULL, 'edge-gateway', 'POST /v1/metrics', 'SERVER', ?, ?, ?, '', '{}'::jsonb, "
                     + "'[]'::jsonb, '[]'::jsonb)");
             PreparedStatement ledger = db.prepareStatement("INSERT INTO ingest_ledger VALUES ('acme', ?, 'metrics', ?, '', "
                     + "'postgresql', 50, 'gateway', ?)")) {
            for (int i = 0; i < 6; i++) {
                String trace = String.format("%032x", 0xabc0 + i);
                log.setString(1, i % 2 == 0 ? "d1" : "d2");
                log.setTimestamp(2, ts(now.minusSeconds(60L * i + 5)));
                log.setInt(3, i % 3 == 0 ? 5 : 3);
                log.setString(4, "exporter started batch " + i);
                log.setString(5, trace);
                log.addBatch();
                span.setString(1, trace);
                span.setString(2, String.format("%016x", 0x10 + i));
                span.setTimestamp(3, ts(now.minusSeconds(60L * i + 5)));
                span.setLong(4, 1_000_000L * (i + 1));
                span.setString(5, i % 3 == 0 ? "ERROR" : "OK");
                span.addBatch();
                ledger.setString(1, i % 2 == 0 ? "d1" : "d2");
                ledger.setLong(2, i);
                ledger.setTimestamp(3, ts(now.minusSeconds(60L * i + 5)));
                ledger.addBatch();
            }
            log.executeBatch();
            span.executeBatch();
            ledger.executeBatch();
        }
        try (PreparedStatement op = db.prepareStatement("INSERT INTO span_operations VALUES ('acme', 'edge-gateway', "
                + "'POST /v1/metrics', 'SERVER')")) {
            op.executeUpdate();
        }
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.from(t);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
