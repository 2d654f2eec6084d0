package io.logcast.gateway.core;

import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.http.ManagementServer;
import io.logcast.gateway.http.PublicRoutes;
import io.logcast.gateway.protocol.InboundParser;
import io.logcast.gateway.protocol.Names;
import io.logcast.session.InMemoryIdempotencyStore;
import io.logcast.session.InMemorySessionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One gateway process: owns the Vert.x instance, the LogTail, Replay, Publisher and the listeners. */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  private static final int MAX_IDEMPOTENCY_KEYS = 1_000_000;

  /** @param demoPage serve the dev-mode demo page at {@code /} */
  public record Options(boolean demoPage) {}

  private final GatewayConfig config;
  private final Vertx vertx;
  private final TopicCatalog catalog;
  private final Publisher publisher;
  private final Replay replay;
  private final LogTail logTail;
  private final Hub hub = new Hub();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
  private ManagementServer management;

  private Node(GatewayConfig config) {
    this.config = config;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.server().eventLoops()));
    this.catalog = new TopicCatalog(config.kafka(), config.nodeId());
    this.publisher = new Publisher(config.kafka(), config.publish(), config.nodeId());
    this.replay = new Replay(config.kafka(), config.replay(), config.nodeId());
    this.logTail = new LogTail(config.kafka(), config.nodeId(), hub);
  }

  public static Future<Node> start(GatewayConfig config, Options options) {
    Node node = new Node(config);
    return node.boot(options).recover(e -> node.stop().transform(v -> Future.failedFuture(e)));
  }

  private Future<Node> boot(Options options) {
    TopicPatterns allowed = new TopicPatterns(config.topicsAllow());
    Names names = new Names(config.limits().maxTopicLength(), config.limits().maxKeyLength());
    PublishService publishing = new PublishService(allowed, catalog, publisher,
        new InMemoryIdempotencyStore(MAX_IDEMPOTENCY_KEYS),
        Duration.ofSeconds(config.publish().idempotencyWindowSeconds()), config.publish().timeoutMs());
    Services svc = new Services(config, hub, allowed, catalog, new StartPositions(catalog), publishing,
        new InMemorySessionStore(Duration.ofSeconds(config.sessionTtlSeconds())), new InboundParser(names),
        new GatewayMetrics(registry));
    bindMetrics();
    replay.start();
    logTail.start();
    PublicRoutes routes = new PublicRoutes(publishing, names, config.limits(), options.demoPage());
    return vertx
        .deployVerticle(() -> {
          GatewayVerticle v = new GatewayVerticle(svc, logTail, replay, routes::router);
          verticles.add(v);
          return v;
        }, new DeploymentOptions().setInstances(config.server().eventLoops()))
        .compose(id -> {
          management = new ManagementServer(vertx, registry, catalog);
          return management.listen(config.server().managementHost(), config.server().managementPort());
        })
        .map(v -> {
          LOG.info("node {} listening on {}:{} (WebSocket {}), management on {}", config.nodeId(),
              config.server().host(), port(), config.server().wsPath(), managementPort());
          return this;
        });
  }

  private void bindMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    Gauge.builder("logcast.connections", hub, Hub::connections)
        .description("Open WebSocket connections").register(registry);
    Gauge.builder("logcast.replay.readers.busy", replay, Replay::busy)
        .description("Catch-up readers reading now").register(registry);
    Gauge.builder("logcast.replay.queued", replay, Replay::queued)
        .description("Catch-up jobs waiting for a reader").register(registry);
  }

  public int port() {
    return verticles.isEmpty() ? -1 : verticles.get(0).actualPort();
  }

  public int managementPort() {
    return management == null ? -1 : management.port();
  }

  public String id() {
    return config.nodeId();
  }

  public GatewayConfig config() {
    return config;
  }

  /** Closes clients (1012), listeners, Kafka clients and Vert.x; safe to call more than once. */
  public Future<Void> stop() {
    return vertx.close().andThen(ar -> {
      logTail.close();
      replay.close();
      publisher.close();
      catalog.close();
    });
  }
}
