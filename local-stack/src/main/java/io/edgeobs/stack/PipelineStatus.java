package io.edgeobs.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the status line says of the pipeline behind the gateway: records stored per sink (the ingest ledger's count
 * for the postgresql or opensearch sink) and the ingest consumer group's lag on the signal topics. Either is left
 * out of the line when it cannot be read (a service still starting), never the reason the status fails.
 */
final class PipelineStatus implements AutoCloseable {

    private static final String GROUP = "edgeobs-ingest";
    private final Infrastructure infra;
    private Admin admin;

    PipelineStatus(Infrastructure infra) {
        this.infra = infra;
    }

    /** Records stored so far in a sink ({@code postgresql}, {@code opensearch}), or -1 when the database cannot say. */
    long stored(String sink) {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), "postgres", "postgres");
             PreparedStatement st = c.prepareStatement("SELECT coalesce(sum(records), 0) FROM ingest_ledger WHERE sink = ?")) {
            st.setString(1, sink);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Records in the signal topics the ingest service has not consumed yet, or -1 when Kafka cannot say. */
    long kafkaLag() {
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(3, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
