package io.logcast.dev;

import io.logcast.gateway.config.ConfigException;
import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.cli.LogFormat;
import io.logcast.gateway.cli.Running;
import io.logcast.gateway.cli.UserError;
import io.logcast.gateway.node.Node;
import io.logcast.session.hazelcast.HazelcastSettings;
import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.KafkaBroker;
import io.logcast.testkit.Nginx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code logcast dev}: only in the logcast-dev jar, which carries the Kafka broker the production jar leaves out. */
@Command(name = "dev", description = "Start a real Kafka broker, a gateway (auth off, every topic exposed), "
    + "a demo publisher and the demo page at http://localhost:<port>/.")
final class DevCommand implements Callable<Integer> {
  static final String DEMO_TOPIC = "demo.orders";
  static final int DEMO_PARTITIONS = 3;
  /** The price board: compacted (one latest quote per symbol), so the page can start from a snapshot. */
  static final String PRICES_TOPIC = "demo.prices";

  @Option(names = "--port", defaultValue = "8080", description = "WebSocket and HTTP port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--management-port", defaultValue = "9090", description = "metrics and health (default: ${DEFAULT-VALUE})")
  int managementPort;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka broker port (default: ${DEFAULT-VALUE})")
  int kafkaPort;

  @Option(names = "--data-dir", description = "keep Kafka's data here across runs (default: a fresh temp dir)")
  Path dataDir;

  @Option(names = "--instances", defaultValue = "1",
      description = "gateway processes; more than 1 puts nginx in front on --port, gateways on the next ports, "
          + "sessions in embedded Hazelcast members (default: ${DEFAULT-VALUE})")
  int instances;

  @Option(names = "--rate", defaultValue = "4",
      description = "demo order events per second, 0 for no demo data at all (default: ${DEFAULT-VALUE})")
  double rate;

  @Override
  public Integer call() throws Exception {
    checkPrerequisites();
    System.out.println("logcast dev: starting Kafka (KRaft) on localhost:" + kafkaPort + " ...");
    KafkaBroker broker = KafkaBroker.start(KafkaBroker.Options.defaults().withPort(kafkaPort).withDataDir(dataDir));
    Node node;
    DemoPublisher demo;
    try {
      createDemoTopics(broker);
      if (instances > 1) {
        return runCluster(broker);
      }
      GatewayConfig cfg = ConfigLoader.fromMap(Map.of(
          "node.id", "dev-1",
          "kafka.bootstrapServers", broker.bootstrapServers(),
          "topics.allow", "*",
          "auth.mode", "none",
          "server.host", "127.0.0.1",
          "server.port", Integer.toString(port),
          "management.host", "127.0.0.1",
          "management.port", Integer.toString(managementPort),
          "snapshot.topics", PRICES_TOPIC,
          "hazelcast.bindAddress", "127.0.0.1"), System.getenv());
      LogFormat.apply(cfg.observability().logFormat());
      node = Running.await(Node.start(cfg, new Node.Options(true)));
      demo = rate > 0 ? DemoPublisher.start(broker.bootstrapServers(), DEMO_TOPIC, rate, PRICES_TOPIC) : null;
    } catch (ConfigException e) {
      broker.close();
      System.err.println("logcast: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      broker.close();
      throw e;
    }
    banner("");
    Running.untilShutdown(() -> {
      if (demo != null) {
        demo.close();
      }
      Running.await(node.stop());
      broker.close();
    });
    return 0;
  }

  /** What would otherwise end in a stack trace half-way through start-up: one line each, exit 2. */
  private void checkPrerequisites() {
    if (instances < 1) {
      throw new UserError("--instances must be at least 1");
    }
    if (instances > 1 && !Nginx.installed()) {
      throw new UserError("--instances " + instances + " puts nginx in front of the gateways, and nginx is not "
          + "installed (Debian/Ubuntu: sudo apt-get install nginx)");
    }
    FreePorts.require("--kafka-port", kafkaPort, "another Kafka broker?");
    FreePorts.require("--port", port, null);
    if (instances == 1) {
      FreePorts.require("--management-port", managementPort, "a Prometheus?");
      return;
    }
    for (int i = 1; i <= instances; i++) {
      FreePorts.require("--port", port + i, "gateway " + i + " of the dev cluster listens on --port + " + i);
      FreePorts.require("--management-port", clusterManagementBase() + i - 1,
          "gateway " + i + "'s management port is --management-port + " + (10 + i));
    }
  }

  /** The demo topics, unless a kept --data-dir has them already. */
  private static void createDemoTopics(KafkaBroker broker) throws Exception {
    Set<String> existing = broker.admin().listTopics().names().get(30, TimeUnit.SECONDS);
    if (!existing.contains(DEMO_TOPIC)) {
      broker.createTopic(DEMO_TOPIC, DEMO_PARTITIONS);
    }
    if (!existing.contains(PRICES_TOPIC)) {
      broker.createCompactedTopic(PRICES_TOPIC, 1);
    }
  }

  /** Kafka, N gateway processes with Hazelcast members, nginx in front on the usual port. */
  private int runCluster(KafkaBroker broker) throws Exception {
    Path work = Files.createTempDirectory("logcast-dev-cluster");
    GatewayCluster cluster;
    try {
      cluster = GatewayCluster.start(GatewayCluster.Options.dev(instances, broker.bootstrapServers(), work)
          .withPorts(port, port + 1, clusterManagementBase(), HazelcastSettings.DEFAULT_PORT)
          .withEnv(Map.of("LOGCAST_SNAPSHOT_TOPICS", PRICES_TOPIC))
          .withArgs(List.of("--demo-page")));
    } catch (RuntimeException e) {
      broker.close();
      throw e;
    }
    DemoPublisher demo = rate > 0 ? DemoPublisher.start(broker.bootstrapServers(), DEMO_TOPIC, rate, PRICES_TOPIC) : null;
    StringBuilder pids = new StringBuilder();
    for (int i = 0; i < instances; i++) {
      pids.append(i == 0 ? "" : ", ").append(cluster.instance(i).pid());
    }
    banner(String.format("  gateways      %d instances on ports %d-%d (management %d-%d), nginx on %d; logs in %s%n"
        + "  pids          %s   (kill -9 one to watch its clients resume on the others)%n",
        instances, port + 1, port + instances, clusterManagementBase(), clusterManagementBase() + instances - 1, port,
        work, pids));
    Running.untilShutdown(() -> {
      if (demo != null) {
        demo.close();
      }
      cluster.close();
      broker.close();
    });
    return 0;
  }

  /**
   * Management ports of a dev cluster: 9101.. by default, not 9091..: 9092 is Kafka's port and
   * would be the second gateway's.
   */
  private int clusterManagementBase() {
    return managementPort + 11;
  }

  private void banner(String extra) {
    System.out.printf("""

        logcast dev is running (auth disabled, every topic exposed; Ctrl-C stops everything)
          demo page     http://localhost:%d/
          WebSocket     ws://localhost:%d/ws
          publish API   POST http://localhost:%d/v1/topics/{topic}/messages
          metrics       http://localhost:%d/metrics   health /health/ready
          Kafka         localhost:%d   demo topics %s (%d partitions, %s events/s),
                        %s (compacted, snapshots on, %s updates/s)
        %s%n""", port, port, port, instances > 1 ? clusterManagementBase() : managementPort, kafkaPort, DEMO_TOPIC,
        DEMO_PARTITIONS, rate, PRICES_TOPIC, rate > 0 ? DemoPublisher.PRICE_UPDATES_PER_SECOND : 0, extra);
  }
}
