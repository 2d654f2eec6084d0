package io.logcast.gateway.core;

import io.logcast.gateway.auth.AdminGuard;
import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.auth.Authenticators;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.http.ManagementServer;
import io.logcast.gateway.http.PublicRoutes;
import io.logcast.gateway.protocol.InboundParser;
import io.logcast.gateway.protocol.Names;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One gateway process: owns the Vert.x instance, the LogTail, Replay, Publisher and the listeners. */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /** @param demoPage serve the dev-mode demo page at {@code /} */
  public record Options(boolean demoPage) {}

  private static final long STOP_TIMEOUT_S = 20;

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
  private SessionBackend backend;

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
    return node.boot(options).recover(e -> {
      LOG.error("node {} failed to start: {}", config.nodeId(), e.toString(), e);
      node.stop(); // in the background: the caller learns of the failure now, not after the cleanup
      return Future.failedFuture(e);
    });
  }

  private Future<Node> boot(Options options) {
    return SessionBackend.start(vertx, config).compose(b -> {
      backend = b;
      return deploy(options);
    });
  }

  private Future<Node> deploy(Options options) {
    TopicPatterns allowed = new TopicPatterns(config.topicsAllow());
    Names names = new Names(config.limits().maxTopicLength(), config.limits().maxKeyLength());
    PublishService publishing = new PublishService(allowed, catalog, publisher, backend.idempotency,
        Duration.ofSeconds(config.publish().idempotencyWindowSeconds()), config.publish().timeoutMs());
    Authenticator auth = Authenticators.create(config.auth(), registry);
    Services svc = new Services(config, hub, allowed, catalog, new StartPositions(catalog), publishing,
        backend.sessions, backend.bus, new InboundParser(names), new GatewayMetrics(registry), auth,
        backend.connections);
    backend.bus.subscribe(SessionHandshake.TAKEOVER_CHANNEL, m -> takeover(hub, m));
    hub.connectRate(config.limits().maxConnectsPerSecond());
    bindMetrics();
    replay.start();
    logTail.start();
    touchHeldSessions();
    PublicRoutes routes = new PublicRoutes(publishing, names, config.limits(), options.demoPage(), auth,
        new AdminGuard(config.auth(), auth), new AdminService(hub, replay, config.nodeId(), backend.bus));
    return vertx
        .deployVerticle(() -> {
          GatewayVerticle v = new GatewayVerticle(svc, logTail, replay, routes::router);
          verticles.add(v);
          return v;
        }, new DeploymentOptions().setInstances(config.server().eventLoops()))
        .compose(id -> {
          management = new ManagementServer(vertx, registry, catalog, backend::joined);
          return management.listen(config.server().managementHost(), config.server().managementPort());
        })
        .map(v -> {
          LOG.info("node {} listening on {}:{} (WebSocket {}), management on {}, sessions in {} ({} member(s))",
              config.nodeId(), config.server().host(), port(), config.server().wsPath(), managementPort(),
              config.session().store().name().toLowerCase(java.util.Locale.ROOT), backend.clusterSize());
          return this;
        });
  }

  /** Keeps the sessions this node holds from expiring in the store while they are connected. */
  private void touchHeldSessions() {
    long every = Math.max(1_000, config.session().ttlSeconds() * 1_000 / 3);
    vertx.setPeriodic(every, t -> {
      long now = System.currentTimeMillis();
      hub.forEachHeld((id, client) -> backend.sessions.touch(id, client.generation(), now));
    });
  }

  /**
   * SIGTERM: readiness goes false and new connections are refused, positions are flushed, and
   * clients are closed with 1012 spread over the drain window.
   */
  public Future<Void> drain() {
    hub.draining(true);
    if (management != null) {
      management.draining(true);
    }
    List<Future<Void>> shards = new java.util.ArrayList<>();
    hub.shards().forEach(s -> shards.add(Drain.shard(s, config.drain().windowMs())));
    return Future.all(shards).mapEmpty();
  }

  private static void takeover(Hub hub, String message) {
    int sp = message.indexOf(' ');
    if (sp > 0) {
      hub.onTakeover(message.substring(0, sp), Long.parseLong(message.substring(sp + 1)));
    }
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
    Gauge.builder("logcast.session.cluster.members", backend, SessionBackend::clusterSize)
        .description("Members of the session cluster this node sees").register(registry);
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

  /**
   * Closes clients (1012), listeners, Kafka clients, Hazelcast and Vert.x; safe to call more than
   * once. Runs on its own thread: called from an event loop, Vert.x's close would otherwise try to
   * complete on the very loop it is shutting down.
   */
  public Future<Void> stop() {
    Promise<Void> done = Promise.promise();
    Thread t = new Thread(() -> {
      // the readers first: they hand batches to event loops, which must still be running
      logTail.close();
      replay.close();
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly: {}", e.toString());
      }
      publisher.close();
      catalog.close();
      if (backend != null) {
        backend.close();
      }
      done.complete();
    }, "logcast-stop");
    t.start();
    return done.future();
  }

}
