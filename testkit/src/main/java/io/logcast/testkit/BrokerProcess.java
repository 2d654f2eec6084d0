package io.logcast.testkit;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.Uuid;

/** Launches {@link BrokerMain} (format, then the Kafka server) in a child JVM. */
final class BrokerProcess {
  static final String LOG_FILE = "broker.log";
  // Tests: C1 only (TieredStopAtLevel=1) starts the broker ~15% faster, and a test broker never
  // runs long enough for C2 to pay off; Serial GC: no GC threads competing for the 2 cores.
  // Benchmarks want the broker as Kafka's own start scripts run it (-Dlogcast.testkit.brokerAsProduction=true,
  // set by the load generator): C2, and kafka-server-start's heap and collector (the tests' Serial
  // collector with a 20 MB young generation paused ~11 ms every 1.4 s at 1,000 records/s).
  static final String PRODUCTION_PROPERTY = "logcast.testkit.brokerAsProduction";
  private static final List<String> COMMON_FLAGS = List.of(
      "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Djava.awt.headless=true");
  private static final List<String> TEST_FLAGS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
      "-XX:TieredStopAtLevel=1");
  /** KAFKA_HEAP_OPTS and KAFKA_JVM_PERFORMANCE_OPTS of Kafka 4's bin/kafka-server-start.sh and kafka-run-class.sh. */
  private static final List<String> PRODUCTION_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:MaxInlineLevel=15");
  private static final String PRODUCTION_GC = "-XX:+UseG1GC,-XX:MaxGCPauseMillis=20,-XX:InitiatingHeapOccupancyPercent=35,"
      + "-XX:+ExplicitGCInvokesConcurrent";
  /** Benchmarks only: the production broker's collector flags instead of Kafka's, comma-separated (e.g. -XX:+UseZGC). */
  private static final String GC_PROPERTY = "logcast.testkit.brokerGc";

  private BrokerProcess() {
  }

  /** JVM flags from a system property (or {@code defaults}), separated by commas or spaces. */
  static List<String> flagsProperty(String property, String defaults) {
    String flags = System.getProperty(property, defaults).trim();
    return flags.isEmpty() ? List.of() : List.of(flags.split("[\\s,]+"));
  }

  /** @param deleteIfOrphaned let the child delete the data dir if the parent dies without closing it */
  static Process launch(Path dataDir, Path config, boolean deleteIfOrphaned) {
    return launch(dataDir, config, clusterId(dataDir), deleteIfOrphaned);
  }

  /** With the cluster id given: every node of a multi-node cluster formats with the same one. */
  static Process launch(Path dataDir, Path config, String clusterId, boolean deleteIfOrphaned) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(COMMON_FLAGS);
    if (Boolean.getBoolean(PRODUCTION_PROPERTY)) {
      cmd.addAll(PRODUCTION_FLAGS);
      cmd.addAll(flagsProperty(GC_PROPERTY, PRODUCTION_GC));
    } else {
      cmd.addAll(TEST_FLAGS);
    }
    cmd.addAll(ChildLogging.jvmFlags(dataDir));
    // java.class.path, not a resolved artifact list: it is the right thing in an IDE, in a
    // Surefire fork (whose manifest-only booter jar -cp honours) and in a shaded `java -jar`.
    cmd.add("-cp");
    cmd.add(absoluteClassPath());
    cmd.add(BrokerMain.class.getName());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(clusterId);
    cmd.add(config.toAbsolutePath().toString());
    if (deleteIfOrphaned) {
      cmd.add(dataDir.toAbsolutePath().toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .directory(dataDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(dataDir.resolve(LOG_FILE).toFile()))
        .redirectInput(Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")));
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Kafka broker JVM " + cmd.get(0), e);
    }
  }

  /**
   * A new id for a new data dir, else the formatted one: Kafka 4.3's {@code format
   * --ignore-formatted} still fails when the given id differs from the one in meta.properties.
   */
  static String clusterId(Path dataDir) {
    Path meta = dataDir.resolve(BrokerConfig.LOG_DIR).resolve("meta.properties");
    if (Files.exists(meta)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(meta)) {
        p.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String id = p.getProperty("cluster.id");
      if (id != null) {
        return id;
      }
    }
    return Uuid.randomUuid().toString();
  }

  /** Entries may be relative (`java -jar target/app.jar`), and the child runs in the data dir. */
  static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  /** The java binary of this very JVM, so the child runs the same version and vendor. */
  static String javaBinary() {
    Path home = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
    if (Files.isExecutable(home)) {
      return home.toString();
    }
    return ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot find the java binary of this JVM"));
  }

  /** An exception whose message ends with the tail of broker.log, where the real cause is. */
  static IllegalStateException failure(String message, Path dataDir) {
    Path log = dataDir.resolve(LOG_FILE);
    return new IllegalStateException(message + "; last lines of " + log + ":\n" + tail(log, 60));
  }

  static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no log)";
      }
      List<String> all = Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read log: " + e + ")";
    }
  }

  private static boolean isWindows() {
    return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
  }
}
