package dev.vpsguard.server.ingest.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the reports topic when it is missing (brokers often refuse to create one on use). */
final class KafkaTopic {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopic.class);

    private KafkaTopic() {}

    /** Creates the topic unless it exists; failing that, the first send or poll says why. */
    static void ensure(KafkaIngestConfig config) {
        Map<String, Object> settings = new HashMap<>(config.client().admin());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        settings.put(
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.sendTimeout().toMillis());
        settings.put(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) config.sendTimeout().toMillis());
        try (Admin admin = Admin.create(settings)) {
            NewTopic topic =
                    new NewTopic(
                            config.topic(),
                            Optional.of(config.partitions()),
                            config.replicationFactor() < 0
                                    ? Optional.empty()
                                    : Optional.of(config.replicationFactor()));
            admin.createTopics(List.of(topic))
                    .all()
                    .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} with {} partitions", config.topic(), config.partitions());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warn("Could not create topic {}: {}", config.topic(), e.getCause().toString());
            }
        } catch (TimeoutException e) {
            LOG.warn(
                    "Could not reach Kafka at {} to create topic {} in {}",
                    config.bootstrapServers(),
                    config.topic(),
                    config.sendTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
