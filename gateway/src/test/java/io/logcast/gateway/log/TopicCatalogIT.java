package io.logcast.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.config.KafkaConfig;
import io.logcast.gateway.protocol.Errors;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import org.apache.kafka.clients.admin.OffsetSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The topic cache is bounded, and names not in it cost at most so many describes a second. */
class TopicCatalogIT {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static KafkaConfig kafka() {
    return new KafkaConfig(SharedKafka.broker().bootstrapServers(), Map.of(), Map.of(), Map.of(), Map.of());
  }

  @Test
  void manyNamesAreRefusedPastTheDescribeBudgetAndTheCacheStaysBounded() throws Exception {
    try (TopicCatalog catalog = new TopicCatalog(kafka(), "test", 50, 20)) {
      var ctx = vertx.getOrCreateContext();
      List<Future<TopicInfo>> answers = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        answers.add(catalog.describe(SharedKafka.uniqueTopic("lc-no-such"), ctx));
      }
      Future.join(new ArrayList<>(answers)).toCompletionStage().toCompletableFuture()
          .handle((v, e) -> null).get(30, TimeUnit.SECONDS);
      long notFound = answers.stream().filter(f -> "not_found".equals(Errors.map(f.cause()).code().wire())).count();
      long refused = answers.stream().filter(f -> "unavailable".equals(Errors.map(f.cause()).code().wire())).count();
      assertThat(notFound + refused).isEqualTo(300);
      // 300 calls take well under a few seconds: at most 20 a second reached Kafka
      assertThat(notFound).isBetween(20L, 100L);
      assertThat(refused).isGreaterThanOrEqualTo(200);
      assertThat(catalog.cachedTopics()).isLessThanOrEqualTo(50);

      String real = SharedKafka.uniqueTopic("lc-real");
      SharedKafka.broker().createTopic(real, 2);
      // a refused name costs nothing: once the second turns, it is looked up
      TopicInfo info = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (info == null && System.nanoTime() < deadline) {
        Future<TopicInfo> f = catalog.describe(real, ctx);
        f.toCompletionStage().toCompletableFuture().handle((v, e) -> null).get(10, TimeUnit.SECONDS);
        info = f.succeeded() ? f.result() : null;
      }
      assertThat(info).isNotNull();
      assertThat(info.partitions()).isEqualTo(2);
    }
  }

  @Test
  void concurrentEarliestAndLatestLookUpsOfATopicShareOneRequestEachAndEachCallerGetsItsOwnCursors() throws Exception {
    try (TopicCatalog catalog = new TopicCatalog(kafka(), "test-latest")) {
      var ctx = vertx.getOrCreateContext();
      String topic = SharedKafka.uniqueTopic("lc-latest-shared");
      SharedKafka.broker().createTopic(topic, 3);
      TopicInfo info = catalog.describe(topic, ctx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      // ends of 3, 1 and 0: a look-up of one kind answering the other would show
      try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]>(Map.of(
          "bootstrap.servers", SharedKafka.broker().bootstrapServers(),
          "key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer",
          "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"))) {
        for (int p : new int[] {0, 0, 0, 1}) {
          producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, p, null, new byte[1]))
              .get(30, TimeUnit.SECONDS);
        }
      }
      double before = requests(catalog);
      List<Future<long[]>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        answers.add(catalog.offsetsShared(info, i % 2 == 0 ? OffsetSpec.latest() : OffsetSpec.earliest(), ctx));
      }
      Future.all(new ArrayList<>(answers)).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      double sent = requests(catalog) - before;
      // one ListOffsets per spec (and perhaps a metadata refresh), not 200
      assertThat(sent).isBetween(1.0, 10.0);
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).result()).as("answer %d", i).containsExactly(i % 2 == 0 ? new long[] {3, 1, 0}
            : new long[] {0, 0, 0});
      }
      answers.get(0).result()[0] = 99;
      assertThat(answers.get(2).result()[0]).as("a caller's cursors are its own").isEqualTo(3);
    }
  }

  /** Requests the Admin client has sent, by its own metrics. */
  private static double requests(TopicCatalog catalog) {
    return catalog.admin().metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("request-total") && e.getKey().tags().containsKey("client-id")
            && !e.getKey().tags().containsKey("node-id"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }
}
