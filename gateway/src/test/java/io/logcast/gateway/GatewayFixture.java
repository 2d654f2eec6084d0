package io.logcast.gateway;

import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.node.Node;
import io.logcast.testkit.FreePort;
import io.logcast.testkit.KafkaBroker;
import io.logcast.testkit.ProtocolClient;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A real gateway Node on the suite's shared real broker (or the one kafka.bootstrapServers names); one per test class. */
public final class GatewayFixture implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(20);
  /** Tests name their topics lc-...; anything else is outside the allow-list. */
  public static final String ALLOW = "lc-*";

  private final Node node;
  private final KafkaProducer<byte[], byte[]> producer;
  private final HttpClient http = HttpClient.newHttpClient();
  private final java.util.concurrent.atomic.AtomicReference<Exception> asyncFailure =
      new java.util.concurrent.atomic.AtomicReference<>();

  private GatewayFixture(Node node, String bootstrapServers) {
    this.node = node;
    // one request in flight: a NOT_LEADER on a new partition is then retried in order, instead of
    // the batches behind it looping on OUT_OF_ORDER_SEQUENCE_NUMBER (seen on CI)
    this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all",
        "linger.ms", 1, "batch.size", 262_144, "max.in.flight.requests.per.connection", 1),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  public static GatewayFixture start() {
    return start(Map.of());
  }

  public static GatewayFixture start(Map<String, String> overrides) {
    return start(overrides, new Node.Options(true));
  }

  public static GatewayFixture start(Map<String, String> overrides, Node.Options options) {
    Map<String, String> cfg = new HashMap<>();
    cfg.put("node.id", "test-" + freePort());
    cfg.put("kafka.bootstrapServers", broker().bootstrapServers());
    cfg.put("topics.allow", ALLOW);
    cfg.put("auth.mode", "none");
    cfg.put("server.host", "127.0.0.1");
    cfg.put("server.port", Integer.toString(freePort()));
    cfg.put("management.host", "127.0.0.1");
    cfg.put("management.port", "0");
    cfg.put("server.eventLoops", "2");
    // one instance per test class: sessions in memory (the cluster tests run real Hazelcast members)
    cfg.put("session.store", "memory");
    cfg.putAll(overrides);
    try {
      Node node = Node.start(ConfigLoader.fromMap(cfg, Map.of()), options)
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new GatewayFixture(node, cfg.get("kafka.bootstrapServers"));
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not start", e);
    }
  }

  /** Sessions in a real Hazelcast cluster of test gateways on loopback: one member per gateway. */
  public static Map<String, String> hazelcast(String clusterName, int port, String members) {
    return Map.of("session.store", "hazelcast", "hazelcast.clusterName", clusterName, "hazelcast.members", members,
        "hazelcast.port", Integer.toString(port), "hazelcast.bindAddress", "127.0.0.1");
  }

  /** Two gateways whose sessions are in one real Hazelcast cluster (a member each), with {@code settings}. */
  public static List<GatewayFixture> pair(String clusterName, Map<String, String> settings) {
    int portA = freePort();
    int portB = freePort();
    String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
    String name = clusterName + "-" + members.hashCode();
    Map<String, String> a = new HashMap<>(settings);
    a.putAll(hazelcast(name, portA, members));
    Map<String, String> b = new HashMap<>(settings);
    b.putAll(hazelcast(name, portB, members));
    GatewayFixture first = start(a);
    return List.of(first, start(b));
  }

  public static KafkaBroker broker() {
    return SharedKafka.broker();
  }

  /** A new topic, named within the allow-list. */
  public static String topic(int partitions) {
    String t = SharedKafka.uniqueTopic("lc-t");
    broker().createTopic(t, partitions);
    return t;
  }

  public Node node() {
    return node;
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + node.port() + "/ws";
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + node.port();
  }

  /** Metrics, health, the admin API and page. */
  public String managementUrl() {
    return "http://127.0.0.1:" + node.managementPort();
  }

  public ProtocolClient connect() {
    return ProtocolClient.connect(wsUrl());
  }

  /** Connects and says hello. */
  public ProtocolClient client() {
    ProtocolClient c = connect();
    c.hello();
    return c;
  }

  public static JsonObject subscribe(ProtocolClient c, int id, String topic, String key, Object from) {
    JsonObject s = new JsonObject().put("type", "subscribe").put("id", id).put("topic", topic);
    if (key != null) {
      s.put("key", key);
    }
    if (from != null) {
      s.put("from", from);
    }
    c.send(s);
    return c.await(o -> ("subscribed".equals(o.getString("type")) || "error".equals(o.getString("type")))
        && Long.valueOf(id).equals(o.getLong("id")), WAIT);
  }

  /** Writes like a backend service would: straight to Kafka. */
  public RecordMetadata produce(String topic, String key, String value) {
    return produce(topic, null, key, value);
  }

  public RecordMetadata produce(String topic, Integer partition, String key, String value) {
    try {
      return producer.send(new ProducerRecord<>(topic, partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
          value == null ? null : value.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void produceAsync(String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value),
        (md, e) -> {
          if (e != null) {
            asyncFailure.compareAndSet(null, e);
          }
        });
  }

  /** Waits for every async send; a lost write fails here, not as a confusing missing message later. */
  public void flush() {
    producer.flush();
    Exception e = asyncFailure.getAndSet(null);
    if (e != null) {
      // the cause in the message: CI summaries print only the top line
      throw new IllegalStateException("a test record was not written to Kafka: " + e, e);
    }
  }

  public HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(httpUrl() + path))
          .timeout(WAIT)
          .header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      headers.forEach(req::header);
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String url) {
    return get(url, null);
  }

  /** With {@code Authorization: Bearer <token>} when a token is given. */
  public HttpResponse<String> get(String url, String token) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT);
      if (token != null) {
        req.header("Authorization", "Bearer " + token);
      }
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sum of every series of the metrics whose exposition lines start with {@code name} (e.g. a counter with its tags). */
  public double metric(String name) {
    String metrics = get(managementUrl() + "/metrics").body();
    return metrics.lines().filter(l -> l.startsWith(name))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  public static List<JsonObject> ofType(List<JsonObject> objects, String type) {
    return objects.stream().filter(o -> type.equals(o.getString("type"))).toList();
  }

  public static int freePort() {
    return FreePort.next();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
    try {
      node.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
