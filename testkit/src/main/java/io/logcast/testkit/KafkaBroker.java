package io.logcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker+controller) running in a child
 * JVM started from the Kafka jars already on this JVM's classpath.
 *
 * <p>A child process rather than an in-JVM broker: Kafka's statics, threads and logging then never
 * leak into the gateway or test JVM, and {@link #kill()} can simulate a real crash (SIGKILL).
 * The child's output goes to {@code broker.log} in {@link #dataDir()}.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);
  /** System property: "true" runs brokers with Kafka's production JVM flags (benchmarks), not the tests' lean ones. */
  public static final String PRODUCTION_JVM_PROPERTY = BrokerProcess.PRODUCTION_PROPERTY;

  /**
   * How to start a broker. {@code port} 0 picks a free port (or, with a reused {@code dataDir}, the
   * port of the previous run); {@code dataDir} null means a temp dir deleted on close; a given
   * dataDir is kept, and starting again on it restarts the same broker with its data.
   */
  public record Options(int port, Path dataDir, Map<String, String> extraProperties, Duration startTimeout) {
    public Options {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      extraProperties = Map.copyOf(Objects.requireNonNull(extraProperties, "extraProperties"));
      Objects.requireNonNull(startTimeout, "startTimeout");
    }

    public static Options defaults() {
      return new Options(0, null, Map.of(), Duration.ofSeconds(60));
    }

    public Options withPort(int newPort) {
      return new Options(newPort, dataDir, extraProperties, startTimeout);
    }

    public Options withDataDir(Path dir) {
      return new Options(port, dir, extraProperties, startTimeout);
    }

    public Options withExtraProperties(Map<String, String> props) {
      return new Options(port, dataDir, props, startTimeout);
    }

    /** Adds (or replaces) one broker property on top of the current extra properties. */
    public Options withProperty(String key, String value) {
      Map<String, String> merged = new HashMap<>(extraProperties);
      merged.put(key, value);
      return new Options(port, dataDir, merged, startTimeout);
    }

    /**
     * Kafka's KRaft authorizer on, every principal allowed where a resource has no ACL: a test then
     * denies what it needs (e.g. READ on one topic) with admin().createAcls.
     */
    public Options withAuthorizer() {
      return withProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
          .withProperty("allow.everyone.if.no.acl.found", "true");
    }

    public Options withStartTimeout(Duration timeout) {
      return new Options(port, dataDir, extraProperties, timeout);
    }
  }

  private final Path dataDir;
  private final boolean ownsDataDir;
  private final BrokerPorts ports;
  private final Process process;
  private final Thread shutdownHook;
  private volatile Admin admin;
  private boolean closed;

  private KafkaBroker(Path dataDir, boolean ownsDataDir, BrokerPorts ports, Process process) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.ports = ports;
    this.process = process;
    // Without this a test JVM that dies on an exception would leave the broker running.
    this.shutdownHook = new Thread(this::close, "logcast-kafka-stop-" + ports.port());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Formats the storage (first start on a data dir only), starts the broker, waits until it serves. */
  public static KafkaBroker start(Options opts) {
    long t0 = System.nanoTime();
    boolean owns = opts.dataDir() == null;
    Path dir = createDataDir(opts.dataDir());
    KafkaBroker broker = null;
    try {
      BrokerPorts ports = BrokerPorts.resolve(dir, opts.port());
      Path config = BrokerConfig.write(dir, ports, opts.extraProperties());
      broker = new KafkaBroker(dir, owns, ports, BrokerProcess.launch(dir, config, owns));
      broker.admin = Readiness.await(ports.port(), broker.process, broker.brokerLog(),
          t0 + opts.startTimeout().toNanos());
      LOG.info("Kafka broker ready at {} in {} ms (pid {}, data dir {})", broker.bootstrapServers(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), broker.pid(), dir);
      return broker;
    } catch (RuntimeException | Error e) {
      if (broker != null) {
        broker.close();
      } else if (owns) {
        Dirs.deleteRecursively(dir);
      }
      throw e;
    }
  }

  public String bootstrapServers() {
    return BrokerPorts.HOST + ":" + ports.port();
  }

  public int port() {
    return ports.port();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The child process's output and WARN+ logs; included in start failures. */
  public Path brokerLog() {
    return dataDir.resolve(BrokerProcess.LOG_FILE);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The child JVM's process id. */
  public long pid() {
    return process.pid();
  }

  /** Shared Admin client, closed by {@link #close()}; callers must not close it. */
  public Admin admin() {
    Admin a = admin;
    if (a == null) {
      throw new IllegalStateException("broker not started or already closed");
    }
    return a;
  }

  /** Creates a topic (replication 1) and returns once every partition has a leader. */
  public void createTopic(String name, int partitions) {
    Topics.create(admin(), name, partitions);
  }

  /** Creates a compacted topic (replication 1; snapshots need one) and returns once it is served. */
  public void createCompactedTopic(String name, int partitions) {
    Topics.create(admin(), name, partitions, 1, Map.of("cleanup.policy", "compact"));
  }

  /** Deletes a topic and returns once it is gone from metadata, so the name can be re-created. */
  public void deleteTopic(String name) {
    Topics.delete(admin(), name);
  }

  /** Advances the partition's log start offset to {@code offset}, as retention would. */
  public void deleteRecordsBefore(String topic, int partition, long offset) {
    Topics.deleteRecordsBefore(admin(), topic, partition, offset);
  }

  /** SIGKILLs the broker now (a crash: no controlled shutdown) and waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(STOP_GRACE);
  }

  /** Stops the broker gracefully (SIGKILL after 10 s), closes the Admin, deletes a temp data dir. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Admin a = admin;
    admin = null;
    if (a != null) {
      a.close(Duration.ofSeconds(5));
    }
    process.destroy();
    if (!waitForExit(STOP_GRACE)) {
      LOG.warn("Kafka broker {} did not stop within {}, killing it", bootstrapServers(), STOP_GRACE);
      process.destroyForcibly();
      waitForExit(STOP_GRACE);
    }
    if (ownsDataDir) {
      Dirs.deleteRecursively(dataDir);
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook is harmless since close() is idempotent
      }
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static Path createDataDir(Path requested) {
    try {
      return requested == null
          ? Files.createTempDirectory("logcast-kafka-")
          : Files.createDirectories(requested);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Kafka data dir", e);
    }
  }

  @Override
  public String toString() {
    return "KafkaBroker[" + bootstrapServers() + ", pid " + process.pid() + ", " + dataDir + "]";
  }
}
