package io.logcast.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Topic operations that return only once their effect is visible, so tests need no waiting. */
final class Topics {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Topics() {
  }

  static void create(Admin admin, String name, int partitions) {
    create(admin, name, partitions, 1, Map.of());
  }

  static void create(Admin admin, String name, int partitions, int replication, Map<String, String> configs) {
    get(admin.createTopics(List.of(new NewTopic(name, partitions, (short) replication).configs(configs))).all(),
        "create " + name);
    Poll.until(deadline(), () -> hasLeaders(admin, name, partitions),
        () -> new IllegalStateException("topic " + name + " has no leader for every partition after " + TIMEOUT));
    // metadata names a leader a moment before that broker serves the partition; a producer that
    // writes in that moment gets NOT_LEADER, and an idempotent one with batches in flight can then
    // loop on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout: wait until offsets are served
    Poll.until(deadline(), () -> servesOffsets(admin, name, partitions),
        () -> new IllegalStateException("topic " + name + " not served by its leaders after " + TIMEOUT));
  }

  private static boolean servesOffsets(Admin admin, String name, int partitions) {
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(name, p), OffsetSpec.latest());
    }
    try {
      admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void delete(Admin admin, String name) {
    get(admin.deleteTopics(List.of(name)).all(), "delete " + name);
    Poll.until(deadline(), () -> !get(admin.listTopics().names(), "list topics").contains(name),
        () -> new IllegalStateException("topic " + name + " still listed after " + TIMEOUT));
  }

  static void deleteRecordsBefore(Admin admin, String topic, int partition, long offset) {
    Map<TopicPartition, RecordsToDelete> request =
        Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset));
    get(admin.deleteRecords(request).all(), "delete records of " + topic + "-" + partition);
  }

  private static boolean hasLeaders(Admin admin, String name, int partitions) {
    try {
      TopicDescription d = admin.describeTopics(Set.of(name)).allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(name);
      return d.partitions().size() == partitions
          && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return false;
      }
      throw new IllegalStateException("describe " + name + " failed", e.getCause());
    } catch (TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static <T> T get(KafkaFuture<T> future, String what) {
    return Blocking.await(future.toCompletionStage().toCompletableFuture(), what, TIMEOUT);
  }


  private static long deadline() {
    return System.nanoTime() + TIMEOUT.toNanos();
  }
}
