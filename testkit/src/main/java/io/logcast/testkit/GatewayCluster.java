package io.logcast.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * N gateway processes with embedded Hazelcast members, joined over TCP-IP on loopback, behind
 * nginx — the local cluster of {@code logcast dev --instances N}, the cluster tests and load tests.
 * Instance i (from 0) listens on {@code basePort + i}, management {@code baseManagementPort + i},
 * Hazelcast {@code baseHazelcastPort + i}; nginx on {@code lbPort}.
 */
public final class GatewayCluster implements AutoCloseable {
  // a restarted member is ready only once the session cluster is safe again (up to 120 s on a
  // saturated machine, then ready anyway): the wait must outlast that
  private static final Duration READY = Duration.ofSeconds(180);
  private static final Duration DRAIN = Duration.ofSeconds(30);

  public record Options(int instances, int lbPort, int basePort, int baseManagementPort, int baseHazelcastPort,
      String bootstrapServers, Map<String, String> env, List<String> args, Path workDir) {
    /** The dev layout: nginx on 8080, gateways 8081.., management 9101.. (9092 is Kafka's), Hazelcast 5701... */
    public static Options dev(int instances, String bootstrapServers, Path workDir) {
      return new Options(instances, 8080, 8081, 9101, 5701, bootstrapServers, Map.of(), List.of(), workDir);
    }

    public Options withPorts(int lb, int base, int management, int hazelcast) {
      return new Options(instances, lb, base, management, hazelcast, bootstrapServers, env, args, workDir);
    }

    /** Extra LOGCAST_* variables for every instance (they win over the defaults). */
    public Options withEnv(Map<String, String> more) {
      Map<String, String> e = new HashMap<>(env);
      e.putAll(more);
      return new Options(instances, lbPort, basePort, baseManagementPort, baseHazelcastPort, bootstrapServers, e,
          args, workDir);
    }

    public Options withArgs(List<String> serveArgs) {
      return new Options(instances, lbPort, basePort, baseManagementPort, baseHazelcastPort, bootstrapServers, env,
          serveArgs, workDir);
    }
  }

  private final Options options;
  private final List<GatewayProcess> instances = new ArrayList<>();
  private Nginx nginx;

  private GatewayCluster(Options options) {
    this.options = options;
  }

  public static GatewayCluster start(Options options) {
    GatewayCluster c = new GatewayCluster(options);
    try {
      Files.createDirectories(options.workDir());
      for (int i = 0; i < options.instances(); i++) {
        c.instances.add(GatewayProcess.launch(c.spec(i)));
      }
      c.instances.forEach(g -> g.awaitReady(READY));
      c.nginx = Nginx.start(options.lbPort(), IntStream.range(0, options.instances())
          .mapToObj(i -> options.basePort() + i).toList(), options.workDir().resolve("nginx"));
      return c;
    } catch (RuntimeException | java.io.IOException e) {
      c.close();
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
  }

  GatewayProcess.Spec spec(int i) {
    String members = IntStream.range(0, options.instances())
        .mapToObj(j -> "127.0.0.1:" + (options.baseHazelcastPort() + j)).collect(Collectors.joining(","));
    Map<String, String> env = new HashMap<>();
    env.put("LOGCAST_NODE_ID", "gw-" + (i + 1));
    env.put("LOGCAST_KAFKA_BOOTSTRAP_SERVERS", options.bootstrapServers());
    env.put("LOGCAST_TOPICS_ALLOW", "*");
    env.put("LOGCAST_AUTH_MODE", "none");
    env.put("LOGCAST_SERVER_HOST", "127.0.0.1");
    env.put("LOGCAST_SERVER_PORT", Integer.toString(options.basePort() + i));
    env.put("LOGCAST_MANAGEMENT_HOST", "127.0.0.1");
    env.put("LOGCAST_MANAGEMENT_PORT", Integer.toString(options.baseManagementPort() + i));
    env.put("LOGCAST_SESSION_STORE", "hazelcast");
    env.put("LOGCAST_HAZELCAST_CLUSTER_NAME", "logcast-" + options.lbPort());
    env.put("LOGCAST_HAZELCAST_MEMBERS", members);
    env.put("LOGCAST_HAZELCAST_PORT", Integer.toString(options.baseHazelcastPort() + i));
    env.put("LOGCAST_HAZELCAST_BIND_ADDRESS", "127.0.0.1");
    env.put("LOGCAST_DRAIN_WINDOW_MS", "2000");
    env.put("LOGCAST_DRAIN_GRACE_MS", "15000");
    env.putAll(options.env());
    return new GatewayProcess.Spec("gw-" + (i + 1), options.basePort() + i, options.baseManagementPort() + i, env,
        options.args(), options.workDir().resolve("gw-" + (i + 1) + ".log"));
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + options.lbPort();
  }

  public String wsUrl() {
    return "ws://127.0.0.1:" + options.lbPort() + "/ws";
  }

  /** The load balancer in front (to reload it). */
  public Nginx nginx() {
    return nginx;
  }

  public int size() {
    return instances.size();
  }

  public GatewayProcess instance(int i) {
    return instances.get(i);
  }

  /** Starts instance i again (after a kill or terminate) and waits until it is ready. */
  public GatewayProcess restart(int i) {
    GatewayProcess g = GatewayProcess.launch(spec(i)).awaitReady(READY);
    instances.set(i, g);
    return g;
  }

  @Override
  public void close() {
    if (nginx != null) {
      nginx.close();
    }
    instances.parallelStream().forEach(g -> {
      if (g.isAlive() && !g.terminate(DRAIN)) {
        g.kill();
      }
    });
  }
}
