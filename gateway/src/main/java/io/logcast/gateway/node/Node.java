package io.logcast.gateway.node;

import io.logcast.gateway.admin.AdminService;
import io.logcast.gateway.admin.NodeHooks;
import io.logcast.gateway.auth.AdminGuard;
import io.logcast.gateway.auth.AuthMeters;
import io.logcast.gateway.auth.Authenticator;
import io.logcast.gateway.auth.Authenticators;
import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.catchup.StartPositions;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.http.ManagementServer;
import io.logcast.gateway.history.HistoryService;
import io.logcast.gateway.http.PublicRoutes;
import io.logcast.gateway.snapshot.SnapshotMeters;
import io.logcast.gateway.snapshot.Views;
import io.logcast.gateway.live.Hub;
import io.logcast.gateway.live.LogTail;
import io.logcast.gateway.live.TopicWatch;
import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.metrics.ConsumerLag;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.KafkaMeters;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitMeters;
import io.logcast.gateway.metrics.LiveMeters;
import io.logcast.gateway.metrics.PublishMeters;
import io.logcast.gateway.metrics.Registries;
import io.logcast.gateway.metrics.StoreWrites;
import io.logcast.gateway.metrics.TopicTags;
import io.logcast.gateway.protocol.InboundParser;
import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.publish.PublishService;
import io.logcast.gateway.publish.Publisher;
import io.logcast.gateway.session.Connector;
import io.logcast.gateway.session.Drain;
import io.logcast.gateway.session.Registry;
import io.logcast.gateway.session.SessionHandshake;
import io.logcast.gateway.sse.SseEndpoint;
import io.logcast.gateway.ws.Admission;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One gateway process: owns the Vert.x instance, the LogTail, Replay, Publisher and the listeners. */
public final class Node {
  private static final Logger LOG = LoggerFactory.getLogger(Node.class);

  /**
   * @param demoPage serve the dev-mode demo page at {@code /}
   * @param consumers wraps the factory of the Kafka consumers (live and replay): fault-injection
   *     tests make the real ones fail on demand; the identity otherwise
   */
  public record Options(boolean demoPage, java.util.function.UnaryOperator<Consumers> consumers) {
    public Options(boolean demoPage) {
      this(demoPage, java.util.function.UnaryOperator.identity());
    }
  }

  private static final long STOP_TIMEOUT_S = 20;

  private final GatewayConfig config;
  private final Vertx vertx;
  private final TopicCatalog catalog;
  private final Publisher publisher;
  private final Replay replay;
  /** The latest record per key of the topics snapshot.topics names; null when it names none. */
  private final Views views;
  private final LogTail logTail;
  private final Hub hub;
  /** This node's connections and the sessions they hold. */
  private final Registry sessions = new Registry();
  private final Admission admission;
  private final PrometheusMeterRegistry registry = Registries.prometheus();
  private final TopicTags topicTags;
  private final LimitMeters limits = new LimitMeters(registry);
  private final KafkaMeters kafkaMeters = new KafkaMeters(registry);
  private final LiveMeters liveMeters = new LiveMeters(registry);
  private AutoCloseable processMeters;
  private PublishService publishing;
  private final List<GatewayVerticle> verticles = new CopyOnWriteArrayList<>();
  private ManagementServer management;
  private SessionBackend backend;
  private StoreWrites storeWrites;

  private Node(GatewayConfig config, Options options) {
    this.hub = new Hub(liveMeters);
    this.config = config;
    // epoll where Netty's native library loads (Linux x86_64/aarch64), NIO elsewhere
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(config.server().eventLoops())
        .setPreferNativeTransport(true));
    this.admission = new Admission(config.limits());
    this.topicTags = new TopicTags(config.observability().topicTags(),
        java.util.Set.copyOf(config.observability().metricTopics()));
    this.catalog = new TopicCatalog(config.kafka(), config.nodeId());
    this.publisher = new Publisher(config.kafka(), config.publish(), config.nodeId(), limits);
    Consumers consumers = options.consumers().apply(Consumers.of(config.kafka()));
    this.replay = new Replay(consumers, config.replay(), config.nodeId());
    this.views = config.snapshot().topics().isEmpty() ? null
        : new Views(config.snapshot(), catalog, consumers, config.nodeId(), vertx, new SnapshotMeters(registry));
    this.logTail = new LogTail(consumers, config.nodeId(), hub, new ConsumerLag(registry, topicTags), liveMeters,
        config.live().stallTimeoutMs());
    logTail.parkUnreadableMs(config.live().unreadableRetryMs());
    logTail.onConsumer(kafkaMeters::liveConsumer);
    kafkaMeters.producer(publisher.producer());
  }

  public static Future<Node> start(GatewayConfig config, Options options) {
    Node node = new Node(config, options);
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
    Names names = new Names(config.limits().maxTopicLength(), config.limits().maxKeyLength(),
        t -> limits.rejected(t == Names.TooLong.TOPIC ? LimitKind.TOPIC_LENGTH : LimitKind.KEY_LENGTH));
    publishing = new PublishService(allowed, catalog, publisher, backend.idempotency,
        Consumers.of(config.kafka()), Duration.ofSeconds(config.publish().idempotencyWindowSeconds()),
        config.publish().timeoutMs(),
        new PublishMeters(registry, topicTags, limits));
    AuthMeters authMeters = new AuthMeters(registry);
    Authenticator auth = Authenticators.create(config.auth(), registry, authMeters);
    GatewayMetrics metrics = new GatewayMetrics(registry, topicTags, limits);
    storeWrites = metrics.storeWrites();
    Connector connector = new Connector(config, sessions, allowed, catalog, new StartPositions(catalog), views, publishing,
        backend.sessions, backend.bus, backend.connections, auth, new InboundParser(names), metrics);
    backend.bus.subscribe(SessionHandshake.TAKEOVER_CHANNEL, this::takeover);
    backend.onMerged(() -> MergeCheck.run(sessions::forEachHeld, backend.sessions, sessions::onTakeover));
    processMeters = NodeMeters.bind(registry, vertx, sessions, replay, config.replay().readers(), backend,
        () -> verticles.stream().mapToInt(v -> v.streams() == null ? 0 : v.streams().size()).sum(), admission::sockets);
    replay.start();
    logTail.start();
    touchHeldSessions();
    TopicWatch watch = new TopicWatch(catalog, logTail);
    Context watchContext = vertx.getOrCreateContext();
    vertx.setPeriodic(config.live().topicCheckMs(), t -> watch.check(watchContext));
    management = new ManagementServer(vertx, registry, catalog, backend::joined,
        () -> logTail.stalled(System.currentTimeMillis()));
    AdminGuard adminGuard = new AdminGuard(config.auth(), auth, authMeters);
    AdminService admin = new AdminService(hub, sessions, replay, config.nodeId(), backend.bus,
        new NodeHooks(registry, management::readiness, this::drain));
    SseEndpoint.Deps sseDeps = new SseEndpoint.Deps(admission, auth, config.auth(), config.limits(), allowed, catalog,
        new StartPositions(catalog), names, metrics);
    HistoryService history = new HistoryService(replay, catalog, allowed, config.history(), limits);
    PublicRoutes routes = new PublicRoutes(publishing, history, names, config.limits(), options.demoPage(), auth, limits);
    return vertx
        .deployVerticle(() -> {
          GatewayVerticle v = new GatewayVerticle(config, hub, sessions, connector, admission, logTail, replay,
              metrics, backend.sessions, routes::router, sseDeps);
          verticles.add(v);
          return v;
        }, new DeploymentOptions().setInstances(config.server().eventLoops()))
        .compose(id -> management.listen(config.server().managementHost(), config.server().managementPort(), admin,
            adminGuard))
        .map(v -> {
          LOG.info("node {} listening on {}:{} (WebSocket {}), management on {}, sessions in {} ({} member(s)), {} transport",
              config.nodeId(), config.server().host(), port(), config.server().wsPath(), managementPort(),
              config.session().store().name().toLowerCase(java.util.Locale.ROOT), backend.clusterSize(),
              vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
          return this;
        });
  }

  /** Keeps the sessions this node holds from expiring in the store while they are connected. */
  private void touchHeldSessions() {
    long every = Math.max(1_000, config.session().ttlSeconds() * 1_000 / 3);
    vertx.setPeriodic(every, t -> {
      long now = System.currentTimeMillis();
      Map<String, Long> held = new HashMap<>();
      sessions.forEachHeld(held::put);
      if (!held.isEmpty()) {
        storeWrites.watch(StoreWrites.Op.TOUCH, backend.sessions.touchAll(held, now));
      }
    });
  }

  /**
   * SIGTERM: readiness goes false and new connections are refused, positions are flushed, and
   * clients are closed with 1012 spread over the drain window.
   */
  public Future<Void> drain() {
    admission.draining(true);
    if (management != null) {
      management.draining(true);
    }
    List<Future<Void>> loops = new java.util.ArrayList<>();
    sessions.loops().forEach(l -> loops.add(Drain.loop(l, backend.sessions, storeWrites, config.drain().windowMs())));
    verticles.forEach(v -> loops.add(v.streams().drain(config.drain().windowMs())));
    return Future.all(loops).mapEmpty();
  }

  private void takeover(String message) {
    int sp = message.indexOf(' ');
    if (sp > 0) {
      sessions.onTakeover(message.substring(0, sp), Long.parseLong(message.substring(sp + 1)));
    }
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
      kafkaMeters.close();
      logTail.close();
      replay.close();
      closeQuietly(views);
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly: {}", e.toString());
      }
      publisher.close();
      closeQuietly(publishing);
      closeQuietly(processMeters);
      catalog.close();
      if (backend != null) {
        backend.close();
      }
      done.complete();
    }, "logcast-stop");
    t.start();
    return done.future();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      LOG.debug("closing {}: {}", c.getClass().getSimpleName(), e.toString());
    }
  }

  /** The registry behind /metrics (tests read meters from it). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }
}
