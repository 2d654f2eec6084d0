package io.logcast.load.target;

import io.logcast.load.measure.ServerProbe;
import io.logcast.load.publish.HttpPublisher;
import io.logcast.load.publish.KafkaPublisher;
import io.logcast.load.publish.Publisher;
import io.logcast.testkit.GatewayProcess;
import io.logcast.testkit.KafkaBroker;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Logcast under load: either launched here the way the testkit does (a real KRaft broker in a child
 * JVM, then {@code logcast serve} in another, sessions in memory) or an already running gateway
 * given by URL. Publishes through Kafka (a producer, the natural backend path) or the HTTP API.
 */
public final class LogcastTarget implements Target {
  private static final Duration READY = Duration.ofSeconds(90);

  /** How data gets in. */
  public enum Via { KAFKA, HTTP }

  /**
   * @param wsUrl null to launch a broker and a gateway here on {@code port}/{@code managementPort}/{@code kafkaPort}
   * @param bootstrapServers Kafka of a given gateway (for {@link Via#KAFKA} and topic creation)
   * @param httpUrl the gateway's HTTP base URL (for {@link Via#HTTP}); derived from wsUrl when null
   * @param serverPid the given gateway's process id for CPU/RSS/heap, 0 if unknown
   * @param brokerWarmup how long records go through a broker launched here before the gateway starts
   */
  public record Options(String wsUrl, String bootstrapServers, String httpUrl, String metricsUrl, long serverPid,
      Via via, int port, int managementPort, int kafkaPort, Map<String, String> gatewayEnv, Path workDir,
      Duration brokerWarmup) {}

  private final Options options;
  private final KafkaBroker broker;
  private final GatewayProcess gateway;
  private final String wsUrl;
  private final String httpUrl;
  private final String bootstrap;
  private final Vertx vertx;
  private final ServerProbe probe;

  private LogcastTarget(Options options, KafkaBroker broker, GatewayProcess gateway, String wsUrl, String httpUrl,
      String bootstrap, ServerProbe probe) {
    this.options = options;
    this.broker = broker;
    this.gateway = gateway;
    this.wsUrl = wsUrl;
    this.httpUrl = httpUrl;
    this.bootstrap = bootstrap;
    this.probe = probe;
    this.vertx = Vertx.vertx();
  }

  public static LogcastTarget start(Options o) throws java.io.IOException {
    if (o.wsUrl() != null) {
      String http = o.httpUrl() != null ? o.httpUrl()
          : o.wsUrl().replaceFirst("^ws", "http").replaceFirst("/ws$", "");
      ServerProbe probe = o.serverPid() > 0 ? new ServerProbe(List.of(o.serverPid()), true, o.metricsUrl())
          : new ServerProbe(List.of(), false, o.metricsUrl());
      return new LogcastTarget(o, null, null, o.wsUrl(), http, o.bootstrapServers(), probe);
    }
    if (o.brokerWarmup().isNegative()) {
      throw new IllegalArgumentException("--broker-warmup must be 0 or more seconds");
    }
    Files.createDirectories(o.workDir());
    KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults().withPort(o.kafkaPort()));
    try {
      warm(broker, o.brokerWarmup());
      Map<String, String> env = new HashMap<>();
      env.put("LOGCAST_NODE_ID", "load-1");
      env.put("LOGCAST_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
      env.put("LOGCAST_TOPICS_ALLOW", "*");
      env.put("LOGCAST_AUTH_MODE", "none");
      env.put("LOGCAST_SERVER_HOST", "127.0.0.1");
      env.put("LOGCAST_SERVER_PORT", Integer.toString(o.port()));
      env.put("LOGCAST_MANAGEMENT_HOST", "127.0.0.1");
      env.put("LOGCAST_MANAGEMENT_PORT", Integer.toString(o.managementPort()));
      env.put("LOGCAST_SESSION_STORE", "memory");
      // the generator paces its own connects; the gateway's admission control is not under test here
      env.put("LOGCAST_LIMITS_MAX_CONNECTS_PER_SECOND", "100000");
      env.putAll(o.gatewayEnv());
      GatewayProcess gw = GatewayProcess.launch(new GatewayProcess.Spec("load-1", o.port(), o.managementPort(), env,
          List.of(), o.workDir().resolve("gateway.log"))).awaitReady(READY);
      String metrics = "http://127.0.0.1:" + o.managementPort() + "/metrics";
      return new LogcastTarget(o, broker, gw, "ws://127.0.0.1:" + o.port() + "/ws", "http://127.0.0.1:" + o.port(),
          broker.bootstrapServers(), new ServerProbe(List.of(gw.pid()), true, metrics));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
  }

  private static void warm(KafkaBroker broker, Duration duration) {
    if (duration.isZero()) {
      return;
    }
    System.out.printf("warming the broker: %d s at %,d records/s%n", duration.toSeconds(), BrokerWarmup.RECORDS_PER_SECOND);
    try {
      BrokerWarmup.Result r = BrokerWarmup.run(broker, duration);
      System.out.printf("broker warmed: %,d records sent, %,d read back%n", r.sent(), r.read());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while warming the broker", e);
    }
  }

  @Override
  public String name() {
    return "logcast";
  }

  public String wsUrl() {
    return wsUrl;
  }

  /** The Kafka bootstrap servers the gateway reads, or null for a gateway given by URL without them. */
  public String bootstrapServers() {
    return bootstrap;
  }

  /** The gateway's HTTP base URL (the publish API, the event stream). */
  public String httpUrl() {
    return httpUrl;
  }

  @Override
  public String publishPath() {
    String path = options.via() == Via.KAFKA
        ? "Kafka producer (acks=all, idempotent, linger.ms=" + KafkaPublisher.LINGER_MS + ") → broker → gateway"
        : "HTTP POST /v1/topics/{t}/messages (up to " + HttpPublisher.MAX_IN_FLIGHT + " in flight) → Kafka → gateway";
    return broker == null || options.brokerWarmup().isZero() ? path
        : path + "; the broker warmed " + options.brokerWarmup().toSeconds() + " s at "
            + BrokerWarmup.RECORDS_PER_SECOND + " records/s before the gateway started";
  }

  @Override
  public Protocol protocol() {
    return new LogcastProtocol(wsUrl);
  }

  @Override
  public String prepareTopic(String prefix) {
    return prepareTopic(prefix, 1);
  }

  @Override
  public String prepareTopic(String prefix, int partitions) {
    String topic = prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    if (broker != null) {
      broker.createTopic(topic, partitions);
    } else if (bootstrap != null) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      } catch (Exception e) {
        throw new IllegalStateException("cannot create topic " + topic + " on " + bootstrap, e);
      }
    }
    return topic;
  }

  @Override
  public Publisher publisher(String topic) {
    return publisher(topic, 0);
  }

  @Override
  public Publisher publisher(String topic, int keys) {
    return publisher(List.of(topic), keys);
  }

  @Override
  public Publisher publisher(List<String> topics) {
    return publisher(topics, 0);
  }

  /** Message seq to {@code topics.get(seq % n)}, with key {@code Keys.of(seq, keys)} (Kafka only). */
  private Publisher publisher(List<String> topics, int keys) {
    if (options.via() == Via.HTTP && keys != 0) {
      throw new IllegalArgumentException("--keys publishes through Kafka (--publish-via KAFKA)");
    }
    if (options.via() == Via.HTTP) {
      return new HttpPublisher(vertx, topics.stream().map(t -> httpUrl + "/v1/topics/" + t + "/messages").toList(), true);
    }
    if (bootstrap == null) {
      throw new IllegalArgumentException("publishing through Kafka needs --bootstrap for a gateway given by URL");
    }
    return new KafkaPublisher(bootstrap, topics, keys);
  }

  @Override
  public ServerProbe probe() {
    return probe;
  }

  /** The gateway's log, when launched here. */
  public Path gatewayLog() {
    return gateway == null ? null : gateway.spec().logFile();
  }

  @Override
  public void close() {
    vertx.close();
    if (gateway != null && gateway.isAlive() && !gateway.terminate(Duration.ofSeconds(20))) {
      gateway.kill();
    }
    if (broker != null) {
      broker.close();
    }
  }
}
