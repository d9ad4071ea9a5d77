package io.edgeobs.testsupport.kafka;

import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.FreePorts;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one), running inside this JVM.
 * <pre>
 *   try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
 *       kafka.createTopic("edgeobs.metrics", 3);
 *       ... kafka.bootstrapServers() ...
 *   }
 * </pre>
 * A temporary broker listens on a random port and deletes its data on close; {@link Builder#dataDir(Path)} keeps
 * data between runs (the local stack does that).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedKafka.class);

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDir;
    private final boolean temporary;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean temporary) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDir = dataDir;
        this.temporary = temporary;
    }

    /** A temporary broker on a random port. */
    public static EmbeddedKafka start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Creates a topic (replication factor 1) unless it exists. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(java.util.List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic " + name + " was not created within 30 s", e);
        }
    }

    /** An admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Override
    public void close() {
        LOG.infof("stopping Kafka broker at %s", bootstrapServers);
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            DataDirs.deleteRecursively(dataDir);
        }
    }

    /** Settings of a broker to start. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private boolean autoCreateTopics = true;
        private int defaultPartitions = 1;
        private final Properties overrides = new Properties();

        private Builder() {
        }

        /** Keeps data in {@code dir} (created and formatted on first use) instead of a temporary directory. */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder autoCreateTopics(boolean enabled) {
            this.autoCreateTopics = enabled;
            return this;
        }

        public Builder defaultPartitions(int partitions) {
            this.defaultPartitions = partitions;
            return this;
        }

        /** Any other broker setting. */
        public Builder config(String key, String value) {
            overrides.setProperty(key, value);
            return this;
        }

        public EmbeddedKafka start() {
            long started = System.nanoTime();
            boolean temporary = dataDir == null;
            Path dir = temporary ? DataDirs.temporary("kafka-") : dataDir;
            int clientPort = port > 0 ? port : FreePorts.pick();
            // two picks in a row can give the same port (the first was closed again): the broker refuses that
            int controllerPort = FreePorts.pickOtherThan(clientPort);
            Properties props = KafkaSettings.broker(dir.resolve("logs"), clientPort, controllerPort, autoCreateTopics,
                    defaultPartitions);
            props.putAll(overrides);
            try {
                Files.createDirectories(dir);
                format(dir, props);
                KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                server.startup();
                String bootstrap = "127.0.0.1:" + clientPort;
                EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, dir, temporary);
                kafka.awaitReady();
                LOG.infof("Kafka broker ready at %s in %d ms (data in %s)", bootstrap,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), dir);
                return kafka;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the Kafka data directory " + dir, e);
            }
        }

        /** Formats the storage once; a directory that already holds a formatted log is left as it is. */
        private static void format(Path dir, Properties props) throws IOException {
            Path config = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(config)) {
                props.store(w, "embedded KRaft broker");
            }
            if (Files.exists(dir.resolve("logs/meta.properties"))) {
                return;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                    config.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
            if (code != 0) {
                throw new IllegalStateException("formatting Kafka storage in " + dir + " failed (" + code + "): "
                        + out.toString(StandardCharsets.UTF_8));
            }
        }
    }

    private void awaitReady() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("the Kafka broker did not become ready within 30 s", e);
        }
    }
}
