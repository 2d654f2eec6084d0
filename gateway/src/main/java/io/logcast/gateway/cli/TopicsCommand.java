package io.logcast.gateway.cli;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logcast topics create|list|describe|delete}: the topics a gateway serves, without Kafka's own tools. */
@Command(name = "topics", description = "Create, list, describe and delete Kafka topics (dev mode's broker by default).")
final class TopicsCommand {
  private static final long WAIT_S = KafkaAccess.TIMEOUT_MS / 1000 + 5;

  @Mixin
  KafkaAccess kafka;

  @Command(name = "list", description = "The topics, one per line (internal ones left out).")
  int list() throws Exception {
    try (Admin admin = kafka.admin()) {
      new TreeSet<>(call(admin.listTopics().names(), null)).forEach(System.out::println);
    }
    return 0;
  }

  @Command(name = "describe", description = "Partitions, leaders, replicas, offsets and settings of a topic.")
  int describe(@Parameters(paramLabel = "TOPIC") String topic) throws Exception {
    try (Admin admin = kafka.admin()) {
      System.out.print(TopicReport.of(admin, topic, this::call));
    }
    return 0;
  }

  @Command(name = "create", description = "Create a topic.")
  int create(@Parameters(paramLabel = "TOPIC") String topic,
      @Option(names = {"-p", "--partitions"}, defaultValue = "3", description = "(default: ${DEFAULT-VALUE})") int partitions,
      @Option(names = {"-r", "--replication-factor"}, description = "(default: the broker's)") Short replication,
      @Option(names = "--topic-config", paramLabel = "NAME=VALUE",
          description = "a topic setting, e.g. cleanup.policy=compact (repeatable)") Map<String, String> settings)
      throws Exception {
    if (partitions < 1) {
      throw new UserError("--partitions must be at least 1");
    }
    NewTopic t = new NewTopic(topic, Optional.of(partitions), Optional.ofNullable(replication));
    if (settings != null) {
      t.configs(settings);
    }
    try (Admin admin = kafka.admin()) {
      call(admin.createTopics(List.of(t)).all(), topic);
    }
    System.out.println("created topic " + topic + " (" + partitions + " partitions)");
    return 0;
  }

  @Command(name = "delete", description = "Delete a topic and all its records.")
  int delete(@Parameters(paramLabel = "TOPIC") String topic) throws Exception {
    try (Admin admin = kafka.admin()) {
      call(admin.deleteTopics(List.of(topic)).all(), topic);
    }
    System.out.println("deleted topic " + topic);
    return 0;
  }

  /** Waits for an Admin result; the user's mistakes become one line each. */
  <T> T call(org.apache.kafka.common.KafkaFuture<T> f, String topic) throws Exception {
    try {
      return f.get(WAIT_S, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      String t = "topic '" + topic + "'";
      if (c instanceof TopicExistsException) {
        throw new UserError(t + " already exists");
      } else if (c instanceof UnknownTopicOrPartitionException) {
        throw new UserError(t + " does not exist");
      } else if (c instanceof InvalidTopicException || c instanceof InvalidPartitionsException
          || c instanceof InvalidReplicationFactorException || c instanceof InvalidConfigurationException) {
        throw new UserError(c.getMessage());
      } else if (c instanceof TopicAuthorizationException) {
        throw new UserError("not authorized for " + t + " on " + kafka.target());
      } else if (c instanceof TimeoutException) {
        throw new UserError("Kafka at " + kafka.target() + " did not answer in time: is it running? "
            + "(start one with `logcast dev`, or pass --bootstrap-server)");
      }
      throw e;
    } catch (java.util.concurrent.TimeoutException e) {
      throw new UserError("Kafka at " + kafka.target() + " did not answer within " + WAIT_S + " s");
    }
  }

  /** For {@link TopicReport}: the same error mapping. */
  interface Caller {
    <T> T call(org.apache.kafka.common.KafkaFuture<T> f, String topic) throws Exception;
  }
}
