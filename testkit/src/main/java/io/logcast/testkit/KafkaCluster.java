package io.logcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node Kafka cluster (KRaft, every node broker + controller, a static quorum of all of
 * them), each node a child JVM like {@link KafkaBroker}'s, for fault tests: SIGKILL, SIGSTOP/SIGCONT
 * and restart one node while clients keep working. Topics get replication factor {@code nodes} and
 * {@code min.insync.replicas} {@code nodes - 1} by default.
 */
public final class KafkaCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaCluster.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Path base;
  private final String clusterId = Uuid.randomUuid().toString();
  private final List<Node> nodes = new ArrayList<>();
  private volatile Admin admin;
  private boolean closed;

  /** One node: its data dir, ports and (while it runs) its process. */
  private static final class Node {
    final int id;
    final Path dir;
    final BrokerPorts ports;
    Process process;

    Node(int id, Path dir, BrokerPorts ports) {
      this.id = id;
      this.dir = dir;
      this.ports = ports;
    }
  }

  private KafkaCluster(Path base) {
    this.base = base;
  }

  /** Starts {@code size} nodes at once (the quorum needs a majority) and waits until each serves. */
  public static KafkaCluster start(int size) {
    long t0 = System.nanoTime();
    KafkaCluster cluster;
    try {
      cluster = new KafkaCluster(Files.createTempDirectory("logcast-kafka-cluster-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (int id = 1; id <= size; id++) {
        Path dir = Files.createDirectories(cluster.base.resolve("node-" + id));
        cluster.nodes.add(new Node(id, dir, BrokerPorts.resolve(dir, 0)));
      }
      cluster.nodes.forEach(cluster::launch);
      long deadline = t0 + START_TIMEOUT.toNanos();
      for (Node n : cluster.nodes) {
        Admin a = Readiness.await(n.ports.port(), n.id, n.process, n.dir.resolve(BrokerProcess.LOG_FILE), deadline);
        if (cluster.admin == null) {
          cluster.admin = a;
        } else {
          a.close(Duration.ofSeconds(5));
        }
      }
      LOG.info("Kafka cluster of {} ready at {} in {} ms", size, cluster.bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void launch(Node n) {
    Map<String, String> props = new TreeMap<>(BrokerConfig.defaults(n.dir, n.ports));
    props.put("node.id", Integer.toString(n.id));
    props.remove("controller.quorum.bootstrap.servers");
    StringJoiner voters = new StringJoiner(",");
    nodes.forEach(v -> voters.add(v.id + "@" + BrokerPorts.HOST + ":" + v.ports.controllerPort()));
    props.put("controller.quorum.voters", voters.toString());
    int rf = nodes.size();
    String minIsr = Integer.toString(Math.max(1, rf - 1));
    props.put("default.replication.factor", Integer.toString(rf));
    props.put("min.insync.replicas", minIsr);
    props.put("offsets.topic.replication.factor", Integer.toString(rf));
    props.put("transaction.state.log.replication.factor", Integer.toString(rf));
    props.put("transaction.state.log.min.isr", minIsr);
    props.put("share.coordinator.state.topic.replication.factor", Integer.toString(rf));
    props.put("share.coordinator.state.topic.min.isr", minIsr);
    // a killed node's partitions move within seconds, not the single broker's 12 s
    props.put("broker.session.timeout.ms", "6000");
    Path config = BrokerConfig.writeAll(n.dir, props);
    n.process = BrokerProcess.launch(n.dir, config, clusterId, false);
  }

  public String bootstrapServers() {
    StringJoiner all = new StringJoiner(",");
    nodes.forEach(n -> all.add(BrokerPorts.HOST + ":" + n.ports.port()));
    return all.toString();
  }

  public int size() {
    return nodes.size();
  }

  /** Shared Admin client (bootstrapped at node 1, it follows the cluster's metadata); do not close it. */
  public Admin admin() {
    return admin;
  }

  /** Creates a topic replicated on every node ({@code min.insync.replicas} = nodes - 1), served by its leaders. */
  public void createTopic(String name, int partitions) {
    Topics.create(admin, name, partitions, nodes.size(),
        Map.of("min.insync.replicas", Integer.toString(Math.max(1, nodes.size() - 1))));
  }

  /** The node (1-based id) leading {@code topic}'s {@code partition} now. */
  public int leaderOf(String topic, int partition) {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().get(partition).leader().id();
    } catch (Exception e) {
      throw new IllegalStateException("cannot find the leader of " + topic + "-" + partition, e);
    }
  }

  public long pid(int id) {
    return node(id).process.pid();
  }

  /** SIGKILL: a crash, no controlled shutdown. */
  public void kill(int id) {
    Node n = node(id);
    n.process.destroyForcibly();
    waitFor(n.process);
  }

  /** SIGSTOP: the node freezes (a long GC pause, a hung host) with its sockets open. */
  public void pause(int id) {
    Signals.send(pid(id), "STOP");
  }

  /** SIGCONT after {@link #pause}. */
  public void resume(int id) {
    Signals.send(pid(id), "CONT");
  }

  /** Starts a killed node again on its data and ports; returns once it has rejoined. */
  public void restart(int id) {
    Node n = node(id);
    launch(n);
    Admin a = Readiness.await(n.ports.port(), n.id, n.process, n.dir.resolve(BrokerProcess.LOG_FILE),
        System.nanoTime() + START_TIMEOUT.toNanos());
    a.close(Duration.ofSeconds(5));
  }

  private Node node(int id) {
    return nodes.get(id - 1);
  }

  private static void waitFor(Process p) {
    try {
      p.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops every node (SIGCONT first, in case one is paused), then deletes the data dirs. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    for (Node n : nodes) {
      if (n.process != null && n.process.isAlive()) {
        try {
          Signals.send(n.process.pid(), "CONT");
        } catch (RuntimeException ignored) {
          // it may have exited meanwhile
        }
        n.process.destroyForcibly();
      }
    }
    nodes.forEach(n -> {
      if (n.process != null) {
        waitFor(n.process);
      }
    });
    Dirs.deleteRecursively(base);
  }
}
