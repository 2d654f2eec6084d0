package io.logcast.load.scenario;

import io.logcast.load.LoadMain;
import io.logcast.load.publish.KafkaPublisher;
import io.logcast.load.publish.Pacer;
import io.logcast.load.publish.Payloads;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.KafkaBroker;
import io.logcast.testkit.ResumingClient;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Gateways (three by default; Hazelcast session store) behind nginx, N sessions subscribed to one topic while
 * records stream; SIGKILL one gateway and measure how long until each of its sessions has resumed
 * elsewhere ({@code welcome resumed:true}) and whether any session lost or got a record twice.
 */
@Command(name = "resume-storm", mixinStandardHelpOptions = true,
    description = "Kill one of the gateways behind nginx holding N sessions; time until all resumed; lost/duplicated.")
public final class ResumeStormCommand implements Callable<Integer> {
  /** The gateway that is killed (gw-1). */
  private static final int VICTIM = 0;
  /** The survivors' CPU rate over this long before the kill is their steady cost, not the storm's. */
  private static final long CPU_BASELINE_NANOS = TimeUnit.SECONDS.toNanos(5);

  @Mixin
  TargetOptions target;

  @Option(names = "--sessions", defaultValue = "10000", description = "sessions over the gateways (default: ${DEFAULT-VALUE})")
  int sessions;

  @Option(names = "--gateways", defaultValue = "3", description = "gateways behind nginx (default: ${DEFAULT-VALUE})")
  int gateways;

  @Option(names = "--all-on-victim",
      description = "every session connects first to the gateway that is killed (bypassing nginx), so all of them resume"
          + " on the others; reconnects go through nginx")
  boolean allOnVictim;

  @Option(names = "--rate", defaultValue = "2", description = "records/s published to the topic (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--payload", defaultValue = "200", description = "payload bytes (default: ${DEFAULT-VALUE})")
  int payload;

  @Option(names = "--before-kill", defaultValue = "10", description = "seconds of streaming before the kill (default: ${DEFAULT-VALUE})")
  int beforeKillSeconds;

  @Option(names = "--after-kill", defaultValue = "20", description = "seconds of streaming after the kill (default: ${DEFAULT-VALUE})")
  int afterKillSeconds;

  @Option(names = "--drain-max", defaultValue = "60",
      description = "after publishing, wait up to this many seconds for every session to have every record (default: ${DEFAULT-VALUE})")
  int drainMaxSeconds;

  @Option(names = "--ack-ms", defaultValue = "2000", description = "each session acks this often (default: ${DEFAULT-VALUE})")
  long ackMs;

  @Option(names = "--warm-reconnects", defaultValue = "0",
      description = "before the kill, this many random sessions close and resume, spread over the first half of"
          + " --before-kill: the reconnect churn of a running system, so the kill does not meet cold code (default: ${DEFAULT-VALUE})")
  int warmReconnects;

  @Option(names = "--hazelcast-port", defaultValue = "18201", description = "first Hazelcast member port (default: ${DEFAULT-VALUE})")
  int hazelcastPort;

  @Option(names = "--base-management-port", defaultValue = "18190", description = "(default: ${DEFAULT-VALUE})")
  int baseManagementPort;

  @Override
  public Integer call() throws Exception {
    if (gateways < 2) {
      System.err.println("resume-storm: --gateways must be at least 2 (one is killed, the others take its sessions)");
      return 2;
    }
    Path dir = target.reportDir("resume-storm");
    String topic = "storm-" + Long.toString(System.nanoTime(), 36);
    try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults().withPort(target.kafkaPort))) {
      broker.createTopic(topic, 1);
      GatewayCluster.Options o = new GatewayCluster.Options(gateways, target.port, target.port + 1, baseManagementPort,
          hazelcastPort, broker.bootstrapServers(), Map.of(), List.of(), dir.resolve("work").toAbsolutePath());
      o = o.withEnv(Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1", "LOGCAST_LIMITS_MAX_CONNECTIONS", "19000"));
      o = o.withEnv(target.gatewayEnv);
      try (GatewayCluster cluster = GatewayCluster.start(o)) {
        StormResult r = storm(cluster, broker, topic);
        String md = r.write(dir, LoadMain.commandLine());
        System.out.println(md);
        System.out.println("report: " + dir.toAbsolutePath());
      }
    }
    return 0;
  }

  /** Bounces {@code --warm-reconnects} random sessions over the first half of the time before the kill. */
  private void warmUp(List<ResumingClient> clients) throws InterruptedException {
    if (warmReconnects <= 0) {
      return;
    }
    List<ResumingClient> shuffled = new ArrayList<>(clients);
    java.util.Collections.shuffle(shuffled, new java.util.Random(42));
    int n = Math.min(warmReconnects, shuffled.size());
    long spacingNanos = TimeUnit.SECONDS.toNanos(beforeKillSeconds) / 2 / n;
    for (int i = 0; i < n; i++) {
      shuffled.get(i).bounce();
      TimeUnit.NANOSECONDS.sleep(spacingNanos);
    }
    System.err.printf("warm-up: %d sessions closed and resumed before the kill%n", n);
  }

  private StormResult storm(GatewayCluster cluster, KafkaBroker broker, String topic) throws InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(target.eventLoops).setPreferNativeTransport(true));
    try {
      List<WebSocketClient> pool = new ArrayList<>();
      for (int i = 0; i < Math.max(1, target.sourceAddresses); i++) {
        WebSocketClientOptions wo = new WebSocketClientOptions().setMaxConnections(Integer.MAX_VALUE)
            .setConnectTimeout(10_000).setMaxFrameSize(1 << 20).setMaxMessageSize(4 << 20);
        pool.add(vertx.createWebSocketClient(target.sourceAddresses <= 1 ? wo : wo.setLocalAddress("127.1.0." + (i + 1))));
      }
      WebSocketConnectOptions co = ResumingClient.connectOptions(cluster.wsUrl(), 10_000);
      WebSocketConnectOptions victimDirect = ResumingClient.connectOptions(
          "ws://127.0.0.1:" + cluster.instance(VICTIM).spec().port() + "/ws", 10_000);
      // a reconnect jitter like the SDK's (0-1 s), so a storm is spread over a second
      ResumingClient.Settings settings = ResumingClient.Settings.of(topic, null).withAckEveryMs(ackMs)
          .withReconnect(1, 1000).withConnectRetry(200, 500);
      List<ResumingClient> clients = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < sessions; i++) {
        long wait = t0 + (long) (i / target.connectRate * 1e9) - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        ResumingClient c = new ResumingClient(vertx, pool.get(i % pool.size()), co, settings);
        clients.add(c);
        if (allOnVictim) {
          c.connect(victimDirect);
        } else {
          c.connect();
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (clients.stream().filter(ResumingClient::subscribed).count() < sessions && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      double connectSeconds = (System.nanoTime() - t0) / 1e9;
      int subscribedBefore = (int) clients.stream().filter(ResumingClient::subscribed).count();
      System.err.printf("%d of %d sessions subscribed in %.1f s%n", subscribedBefore, sessions, connectSeconds);
      String victim = cluster.instance(VICTIM).spec().nodeId();
      long killedAt;
      long goneMillis;
      long sent;
      long failures;
      StormCpu stormCpu;
      List<ResumingClient> affected;
      try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), topic)) {
        Pacer pacer = Pacer.start(publisher, new Payloads(payload), rate,
            Duration.ofSeconds(beforeKillSeconds + afterKillSeconds), Long.MAX_VALUE);
        long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(beforeKillSeconds);
        warmUp(clients);
        StormCpu.Meter cpu = new StormCpu.Meter(survivorPids(cluster));
        TimeUnit.NANOSECONDS.sleep(Math.max(0, killAt - CPU_BASELINE_NANOS - System.nanoTime()));
        cpu.before();
        TimeUnit.NANOSECONDS.sleep(Math.max(CPU_BASELINE_NANOS / 5, killAt - System.nanoTime()));
        cpu.before();
        // after the warm-up: a bounced session may have come back on another gateway
        affected = clients.stream().filter(c -> victim.equals(c.node())).toList();
        killedAt = System.currentTimeMillis();
        cluster.instance(VICTIM).kill();
        goneMillis = System.currentTimeMillis() - killedAt;
        System.err.printf("killed %s holding %d sessions (gone after %d ms)%n", victim, affected.size(), goneMillis);
        long resumeDeadline = System.currentTimeMillis() + afterKillSeconds * 1000L;
        while (System.currentTimeMillis() < resumeDeadline
            && affected.stream().anyMatch(c -> c.resumedAtMillis() < killedAt)) {
          Thread.sleep(100);
        }
        int resumed = (int) affected.stream().filter(c -> c.resumedAtMillis() >= killedAt).count();
        stormCpu = cpu.after(resumed);
        System.err.printf("%d of %d resumed after %d ms%n", resumed, affected.size(), System.currentTimeMillis() - killedAt);
        pacer.await();
        sent = pacer.sent();
        failures = publisher.failures();
      }
      long end = endOffset(broker, topic, sent - failures);
      // wait until every session has every record (replays of resumed and re-subscribed sessions), bounded
      long stoppedAt = System.currentTimeMillis();
      long drainDeadline = stoppedAt + drainMaxSeconds * 1000L;
      while (System.currentTimeMillis() < drainDeadline && clients.stream().anyMatch(c -> c.missing(0, end) > 0)) {
        Thread.sleep(500);
      }
      Thread.sleep(1000); // then quiet, before counting
      long caughtUpMillis = System.currentTimeMillis() - killedAt;
      System.err.printf("complete %d ms after the kill (%d s after publishing stopped, at most %d)%n", caughtUpMillis,
          (System.currentTimeMillis() - stoppedAt) / 1000, drainMaxSeconds);
      StormResult r = StormResult.of(sessions, subscribedBefore, connectSeconds, victim, killedAt, goneMillis, clients,
          affected, sent, end, rate, payload, caughtUpMillis, stormCpu);
      clients.forEach(ResumingClient::stop);
      Thread.sleep(1000);
      return r;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
  }

  private static List<Long> survivorPids(GatewayCluster cluster) {
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < cluster.size(); i++) {
      if (i != VICTIM) {
        pids.add(cluster.instance(i).pid());
      }
    }
    return pids;
  }

  private static long endOffset(KafkaBroker broker, String topic, long fallback) {
    try {
      TopicPartition tp = new TopicPartition(topic, 0);
      return broker.admin().listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get(10, TimeUnit.SECONDS)
          .offset();
    } catch (Exception e) {
      return fallback;
    }
  }
}
