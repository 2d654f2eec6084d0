package io.logcast.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.node.Node;
import io.logcast.testkit.FreePort;
import io.logcast.testkit.KafkaCluster;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live stream while the log itself fails, on a real 3-node KRaft cluster (replication 3,
 * min.insync.replicas 2) and two gateways: every subscriber gets exactly the set of (partition,
 * offset) of its key that the producer wrote — none missing, none twice.
 */
class LogFaultsIT {
  private static final int SUBSCRIBERS = 200;
  private static final int KEYS = 20;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static KafkaCluster kafka;
  private static Vertx vertx;
  private static final List<Node> gateways = new ArrayList<>();
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    kafka = KafkaCluster.start(3);
    vertx = Vertx.vertx();
    for (int i = 0; i < 2; i++) {
      Map<String, String> cfg = new HashMap<>();
      cfg.put("node.id", "faults-" + i);
      cfg.put("kafka.bootstrapServers", kafka.bootstrapServers());
      cfg.put("topics.allow", "lc-*");
      cfg.put("auth.mode", "none");
      cfg.put("server.host", "127.0.0.1");
      cfg.put("server.port", Integer.toString(freePort()));
      cfg.put("management.host", "127.0.0.1");
      cfg.put("management.port", "0");
      cfg.put("server.eventLoops", "1");
      cfg.put("session.store", "memory");
      cfg.put("live.stallTimeoutMs", "5000");
      gateways.add(Node.start(ConfigLoader.fromMap(cfg, Map.of()), new Node.Options(false))
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
    }
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all",
        "enable.idempotence", true, "linger.ms", 5, "delivery.timeout.ms", 120_000, "request.timeout.ms", 10_000),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() throws Exception {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    for (Node n : gateways) {
      n.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** What one test wrote, per key: the (partition, offset) Kafka acknowledged. */
  private static final class Written {
    final Map<String, Set<String>> byKey = new ConcurrentHashMap<>();
    volatile Exception failure;

    void send(String topic, String key, int seq) {
      producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
          ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8)), (md, e) -> {
            if (e != null) {
              failure = e;
            } else {
              byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(md.partition() + "@" + md.offset());
            }
          });
    }
  }

  /** 200 keyed subscribers over both gateways, 10 per key, each subscribed from the live end. */
  private static List<ProtocolClient> subscribers(String topic) {
    List<ProtocolClient> clients = new ArrayList<>();
    for (int i = 0; i < SUBSCRIBERS; i++) {
      Node g = gateways.get(i % gateways.size());
      ProtocolClient c = ProtocolClient.connect(vertx, "ws://127.0.0.1:" + g.port() + "/ws", Map.of(),
          ProtocolClient.SUBPROTOCOL);
      // hello and subscribe at once: the gateway handles what comes before its welcome right after it,
      // so 200 clients cost no 200 sequential round trips
      c.send(new JsonObject().put("type", "hello").putNull("token"));
      c.send(new JsonObject().put("type", "subscribe").put("id", 1).put("topic", topic).put("key", key(i)));
      clients.add(c);
    }
    for (ProtocolClient c : clients) {
      c.awaitType("subscribed", WAIT);
    }
    return clients;
  }

  private static String key(int i) {
    return "k" + (i % KEYS);
  }

  /** Every subscriber received exactly the set its key was written, each once. */
  private static void assertExactlyOnce(List<ProtocolClient> clients, Written written) throws Exception {
    producer.flush();
    assertThat(written.failure).isNull();
    Delivered.assertExactly(clients, i -> written.byKey.get(key(i)), WAIT);
  }

  @Test
  void aPartitionLeaderSigkilledUnderAKeyedStreamLosesAndRepeatsNothing() throws Exception {
    String topic = "lc-faults-leader";
    kafka.createTopic(topic, 3);
    List<ProtocolClient> clients = subscribers(topic);
    Written written = new Written();
    int leader = kafka.leaderOf(topic, 0);
    // 1,000 records/s for 12 s; the leader of partition 0 dies after 4 s
    for (int seq = 0; seq < 12_000; seq++) {
      written.send(topic, key(seq), seq);
      if (seq == 4_000) {
        kafka.kill(leader);
      }
      if (seq % 100 == 99) { // pacing the producer (1,000 records/s), not waiting for an outcome
        Thread.sleep(100);
      }
    }
    try {
      assertExactlyOnce(clients, written);
    } finally {
      clients.forEach(ProtocolClient::close);
      kafka.restart(leader);
    }
  }

  @Test
  void oneBrokerDownForAMinuteThenBackLosesAndRepeatsNothing() throws Exception {
    String topic = "lc-faults-down";
    kafka.createTopic(topic, 3);
    List<ProtocolClient> clients = subscribers(topic);
    Written written = new Written();
    int down = kafka.leaderOf(topic, 1);
    int seq = 0;
    try {
      for (; seq < 1_000; seq++) {
        written.send(topic, key(seq), seq);
      }
      kafka.kill(down);
      long until = System.currentTimeMillis() + 60_000;
      while (System.currentTimeMillis() < until) { // 500 records/s while it is down: the sleep paces the producer
        for (int i = 0; i < 50; i++, seq++) {
          written.send(topic, key(seq), seq);
        }
        Thread.sleep(100);
      }
    } finally {
      kafka.restart(down);
    }
    for (int end = seq + 1_000; seq < end; seq++) {
      written.send(topic, key(seq), seq);
    }
    try {
      assertExactlyOnce(clients, written);
    } finally {
      clients.forEach(ProtocolClient::close);
    }
  }

  @Test
  void theWholeClusterFrozenMakesReadinessDownAndDeliveryResumesWithNothingLost() throws Exception {
    String topic = "lc-faults-frozen";
    kafka.createTopic(topic, 3);
    List<ProtocolClient> clients = subscribers(topic);
    Written written = new Written();
    for (int seq = 0; seq < 2_000; seq++) {
      written.send(topic, key(seq), seq);
    }
    producer.flush();
    for (int id = 1; id <= kafka.size(); id++) {
      kafka.pause(id);
    }
    try {
      // the Kafka check fails within seconds; the live reader's after live.stallTimeoutMs (5 s here)
      Poll.within(WAIT, () -> "DOWN".equals(readiness(gateways.get(0)).getJsonObject("checks").getString("liveTail")));
      JsonObject ready = readiness(gateways.get(0));
      assertThat(ready.getString("status")).isEqualTo("DOWN");
      assertThat(ready.getJsonObject("checks").getString("liveTail")).isEqualTo("DOWN");
      assertThat(ready.getString("reason")).startsWith("no progress of the live consumer");
      for (int seq = 2_000; seq < 3_000; seq++) { // the producer holds these until the brokers are back
        written.send(topic, key(seq), seq);
      }
    } finally {
      for (int id = 1; id <= kafka.size(); id++) {
        kafka.resume(id);
      }
    }
    try {
      assertExactlyOnce(clients, written);
      assertThat(clients).allMatch(c -> !c.isClosed()); // sessions were kept through the outage
      Poll.within(WAIT, () -> "UP".equals(readiness(gateways.get(0)).getString("status")));
      assertThat(readiness(gateways.get(0)).getString("status")).isEqualTo("UP");
    } finally {
      clients.forEach(ProtocolClient::close);
    }
  }

  private static JsonObject readiness(Node gateway) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + gateway.managementPort() + "/health/ready")).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString());
      return new JsonObject(r.body());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("readiness did not answer", e);
    }
  }

  private static int freePort() {
    return FreePort.next();
  }
}
