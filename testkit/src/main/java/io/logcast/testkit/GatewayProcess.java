package io.logcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One gateway in its own JVM ({@code logcast serve}, configured by LOGCAST_* variables), so a
 * cluster test can SIGKILL or SIGTERM it like a real instance.
 */
public final class GatewayProcess {
  private static final String MAIN = "io.logcast.gateway.cli.Main";
  private static final List<String> JVM_FLAGS = List.of("-Xms64m", "-Xmx512m",
      "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-Dhazelcast.wait.seconds.before.join=0",
      // what Hazelcast asks for (the jar's manifest says the same for java -jar)
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  /** Tests start many small JVMs on two cores: the serial collector, unless a benchmark says otherwise. */
  private static final String DEFAULT_GC = "-XX:+UseSerialGC";
  /** Benchmarks only: the gateway's collector flags, separated by commas or spaces (e.g. {@code -XX:+UseZGC,-XX:+ZGenerational}). */
  public static final String GC_PROPERTY = "logcast.testkit.gatewayGc";
  /**
   * Tests: C1 only. A test gateway lives seconds to a few minutes on two cores shared with the
   * broker, its peers and the test: C2's compilations cost it more CPU than they return, and a
   * cluster test restarting instances under load is CPU-bound. Benchmarks set the property to the
   * production JIT (an empty value: no flag).
   */
  private static final String DEFAULT_JIT = "-XX:TieredStopAtLevel=1";
  /** The gateway's JIT flags; empty for the JVM's own (tiered C1 + C2), as shipped. */
  public static final String JIT_PROPERTY = "logcast.testkit.gatewayJit";
  /** Benchmarks only: another JDK for the gateway (its home directory), e.g. to measure a newer collector. */
  public static final String JAVA_HOME_PROPERTY = "logcast.testkit.gatewayJavaHome";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** How to run one instance; {@code env} is its whole LOGCAST_* configuration. */
  public record Spec(String nodeId, int port, int managementPort, Map<String, String> env, List<String> args,
      Path logFile) {}

  private final Spec spec;
  private final Process process;

  private GatewayProcess(Spec spec, Process process) {
    this.spec = spec;
    this.process = process;
  }

  /** Starts the JVM; call {@link #awaitReady} before sending it traffic. */
  public static GatewayProcess launch(Spec spec) {
    List<String> cmd = new ArrayList<>();
    String javaHome = System.getProperty(JAVA_HOME_PROPERTY);
    cmd.add(javaHome == null ? BrokerProcess.javaBinary() : Path.of(javaHome, "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    cmd.addAll(BrokerProcess.flagsProperty(GC_PROPERTY, DEFAULT_GC));
    cmd.addAll(BrokerProcess.flagsProperty(JIT_PROPERTY, DEFAULT_JIT));
    // beside the instance's log: a stall in a cluster or load test is a GC pause or it is not
    cmd.add("-Xlog:gc:file=" + spec.logFile() + ".gc:time,uptime");
    cmd.add("-cp");
    cmd.add(BrokerProcess.absoluteClassPath());
    cmd.add(ChildMain.class.getName());
    cmd.add(Long.toString(ProcessHandle.current().pid()));
    cmd.add(MAIN);
    cmd.add("serve");
    cmd.addAll(spec.args());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(spec.logFile().toFile()));
    pb.environment().keySet().removeIf(k -> k.startsWith("LOGCAST_"));
    pb.environment().putAll(spec.env());
    try {
      return new GatewayProcess(spec, pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start gateway " + spec.nodeId(), e);
    }
  }

  /** Waits for {@code /health/ready} to answer 200 (Kafka reachable, sessions joined). */
  public GatewayProcess awaitReady(Duration timeout) {
    Poll.until(System.nanoTime() + timeout.toNanos(), () -> !process.isAlive() || ready(),
        () -> new IllegalStateException("gateway " + spec.nodeId() + " not ready in " + timeout + "; see " + spec.logFile()));
    if (!process.isAlive()) {
      throw new IllegalStateException("gateway " + spec.nodeId() + " exited with " + process.exitValue()
          + "; see " + spec.logFile());
    }
    return this;
  }

  public boolean ready() {
    try {
      HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + spec.managementPort() + "/health/ready")).timeout(Duration.ofSeconds(3))
          .build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Spec spec() {
    return spec;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: the instance vanishes mid-stream, as in a node failure. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /** SIGTERM: the instance drains; returns whether it exited within {@code timeout}. */
  public boolean terminate(Duration timeout) {
    process.destroy();
    return waitFor(timeout);
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
