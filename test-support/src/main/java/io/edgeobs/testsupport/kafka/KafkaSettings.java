package io.edgeobs.testsupport.kafka;

import java.nio.file.Path;
import java.util.Properties;

/** Broker settings for a small single-node KRaft broker that starts fast and fits a small test heap. */
final class KafkaSettings {

    private KafkaSettings() {
    }

    static Properties broker(Path logDir, int clientPort, int controllerPort, boolean autoCreateTopics,
                             int defaultPartitions) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        p.setProperty("num.partitions", Integer.toString(defaultPartitions));
        p.setProperty("auto.create.topics.enable", Boolean.toString(autoCreateTopics));
        // One node: every internal topic has one replica, and consumer groups start at once.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "5");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The log cleaner reserves its dedupe buffer up front (128 MiB by default): too much for a test heap.
        p.setProperty("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.setProperty("log.cleaner.threads", "1");
        p.setProperty("num.io.threads", "2");
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        p.setProperty("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        return p;
    }
}
