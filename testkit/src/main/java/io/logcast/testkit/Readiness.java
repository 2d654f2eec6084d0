package io.logcast.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/** Waits until a just-launched broker answers an Admin describeCluster with itself as a node. */
final class Readiness {
  private Readiness() {
  }

  /** Returns a connected Admin (the broker's shared one); fails fast if the child process dies. */
  static Admin await(int port, Process process, Path brokerLog, long deadlineNanos) {
    return await(port, 1, process, brokerLog, deadlineNanos);
  }

  /** The same for node {@code nodeId} of a cluster: ready once the cluster's metadata lists it. */
  static Admin await(int port, int nodeId, Process process, Path brokerLog, long deadlineNanos) {
    // Port first: an Admin pointed at a closed port logs a warning per reconnect into OUR log.
    Poll.until(deadlineNanos, () -> alive(process, brokerLog) && accepts(port),
        () -> BrokerProcess.failure("Kafka broker did not open port " + port, brokerLog.getParent()));
    Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BrokerPorts.HOST + ":" + port,
        AdminClientConfig.CLIENT_ID_CONFIG, "logcast-testkit-admin-" + port,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    try {
      Poll.until(deadlineNanos, () -> alive(process, brokerLog) && servesMetadata(admin, nodeId),
          () -> BrokerProcess.failure("Kafka broker on port " + port + " did not become ready",
              brokerLog.getParent()));
      return admin;
    } catch (RuntimeException | Error e) {
      admin.close();
      throw e;
    }
  }

  private static boolean alive(Process process, Path brokerLog) {
    if (!process.isAlive()) {
      throw BrokerProcess.failure("Kafka broker exited with code " + process.exitValue()
          + " during start", brokerLog.getParent());
    }
    return true;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(BrokerPorts.HOST, port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean servesMetadata(Admin admin, int nodeId) {
    try {
      return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
          .mapToInt(Node::id).anyMatch(id -> id == nodeId);
    } catch (ExecutionException | TimeoutException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
    }
  }
}
