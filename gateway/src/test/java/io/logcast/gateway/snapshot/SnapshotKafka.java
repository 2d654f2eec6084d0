package io.logcast.gateway.snapshot;

import io.logcast.gateway.config.KafkaConfig;
import io.logcast.gateway.config.SnapshotConfig;
import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.ProtocolException;
import io.logcast.testkit.KafkaBroker;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What ViewsIT needs around the suite's shared real broker: compacted topics, a producer that
 * remembers where each record went, a Vert.x context to call views on, and their refusals as data.
 */
final class SnapshotKafka {
  private SnapshotKafka() {}

  static KafkaBroker broker;
  private static KafkaConfig kafka;
  private static TopicCatalog catalog;
  private static Vertx vertx;
  static Context ctx;
  static KafkaProducer<String, String> producer;

  /** One record as written: a null value is a tombstone. */
  record Written(String key, int partition, long offset, String value) {}

  static void start() {
    broker = SharedKafka.broker();
    kafka = new KafkaConfig(broker.bootstrapServers(), Map.of(), Map.of(), Map.of(), Map.of());
    catalog = new TopicCatalog(kafka, "snapshot-it");
    vertx = Vertx.vertx();
    ctx = vertx.getOrCreateContext();
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "all",
        "linger.ms", 5, "batch.size", 262_144), new StringSerializer(), new StringSerializer());
  }

  static void stop() {
    producer.close();
    catalog.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  static Views views(long maxBytes) {
    return views(maxBytes, 4);
  }

  static Views views(long maxBytes, int maxTopics) {
    return new Views(new SnapshotConfig(List.of("lc-snap*"), maxBytes, maxTopics, 60_000), catalog,
        Consumers.of(kafka), "it", vertx, SnapshotMeters.NONE);
  }

  static String compactedTopic(int partitions) throws Exception {
    String t = SharedKafka.uniqueTopic("lc-snap");
    broker.createCompactedTopic(t, partitions);
    endOffsets(t, partitions); // served by its leaders
    return t;
  }

  static long[] endOffsets(String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> req = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      req.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    long[] out = new long[partitions];
    for (int attempt = 0; ; attempt++) {
      try {
        broker.admin().listOffsets(req).all().get(30, TimeUnit.SECONDS).forEach((tp, i) -> out[tp.partition()] = i.offset());
        return out;
      } catch (ExecutionException e) {
        if (attempt > 50) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  static <T> T onContext(Supplier<Future<T>> call) throws Exception {
    CompletableFuture<T> out = new CompletableFuture<>();
    ctx.runOnContext(v -> call.get().onComplete(r -> {
      if (r.succeeded()) {
        out.complete(r.result());
      } else {
        out.completeExceptionally(r.cause());
      }
    }));
    try {
      return out.get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  static TopicInfo info(String topic) throws Exception {
    return onContext(() -> catalog.describe(topic, ctx));
  }

  static CompletableFuture<Written> send(String topic, String key, String value) {
    CompletableFuture<Written> f = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(topic, key, value), (md, e) -> {
      if (e != null) {
        f.completeExceptionally(e);
      } else {
        f.complete(new Written(key, md.partition(), md.offset(), value));
      }
    });
    return f;
  }

  static Refusal refusal(Views views, TopicInfo info) {
    try {
      onContext(() -> views.snapshot(info, null, ctx));
    } catch (ProtocolException e) {
      return new Refusal(e.error().code(), e.error().message());
    } catch (Exception e) {
      throw new AssertionError("not a ProtocolException", e);
    }
    throw new AssertionError("the snapshot was not refused");
  }

  record Refusal(ErrorCode code, String message) {}

}
