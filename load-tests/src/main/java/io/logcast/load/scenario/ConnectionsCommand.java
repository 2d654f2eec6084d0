package io.logcast.load.scenario;

import io.logcast.load.LoadMain;
import io.logcast.load.client.ClientFleet;
import io.logcast.load.measure.Latencies;
import io.logcast.load.measure.Progress;
import io.logcast.load.measure.ServerProbe;
import io.logcast.load.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Ramps to N idle subscribed sessions per target and measures the connect rate and the server's
 * memory per connection as growth over a baseline taken after a warm-up round and a full GC.
 * Past {@code --per-process} sessions the clients run in generator child processes.
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
    description = "Ramp to N idle sessions per target: connect rate; RSS, heap after GC and direct memory per connection.")
public final class ConnectionsCommand implements Callable<Integer> {
  static final Map<String, String> METRICS = Map.of("jvm_buffer_memory_used_bytes", "id=\"direct\"",
      "logcast_connections", "");

  @Mixin
  TargetOptions target;

  @Option(names = "--targets", split = ",", defaultValue = "logcast",
      description = "systems, one after the other (default: ${DEFAULT-VALUE})")
  List<String> targets;

  @Option(names = "--sessions", defaultValue = "10000", description = "idle sessions to open (default: ${DEFAULT-VALUE})")
  int sessions;

  @Option(names = "--warmup-sessions", defaultValue = "1000",
      description = "opened and closed before the baseline, so JIT and heap sizing are not counted (default: ${DEFAULT-VALUE})")
  int warmupSessions;

  // one process may have 20,000 open files here; the JVM itself needs a few hundred
  @Option(names = "--per-process", defaultValue = "15000",
      description = "most sessions in one generator process; more go to child processes (default: ${DEFAULT-VALUE})")
  int perProcess;

  @Option(names = "--idle", defaultValue = "10", description = "seconds idle before measuring (default: ${DEFAULT-VALUE})")
  int idleSeconds;

  @Override
  public Integer call() throws Exception {
    Path dir = target.reportDir("connections");
    Files.createDirectories(dir);
    List<ConnectionsResult> results = new ArrayList<>();
    for (String name : targets) {
      results.add(run(name, dir));
    }
    String md = ConnectionsResult.write(dir, LoadMain.commandLine(), sessions, target.heartbeatSeconds, results);
    System.out.println(md);
    System.out.println("report: " + dir.toAbsolutePath());
    return 0;
  }

  private ConnectionsResult run(String name, Path dir) throws Exception {
    Path work = dir.resolve("work-" + name);
    Latencies latencies = new Latencies();
    try (Target t = target.open(name, work);
        ClientFleet fleet = new ClientFleet(target.eventLoops, target.sourceAddresses);
        Progress progress = new Progress(latencies, () -> "clients " + fleet.size());
        GeneratorProcesses children = new GeneratorProcesses()) {
      ServerProbe probe = t.probe();
      String topic = t.prepareTopic("conn");
      progress.phase(name + ": warm-up " + warmupSessions);
      fleet.connect(t.protocol(), topic, warmupSessions, 0, target.connectRate, latencies, timeout(warmupSessions));
      fleet.closeClients();
      Thread.sleep(2000);
      ConnectionsResult.Memory base = memory(probe);
      progress.phase(name + ": ramp to " + sessions);
      double cpu0 = probe.cpuSeconds();
      long t0 = System.nanoTime();
      int ok;
      int failed;
      int processes = 1;
      if (sessions <= perProcess) {
        ok = fleet.connect(t.protocol(), topic, sessions, 0, target.connectRate, latencies, timeout(sessions));
        failed = sessions - ok;
      } else {
        processes = (sessions + perProcess - 1) / perProcess;
        List<Integer> shares = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
          shares.add(sessions / processes + (i < sessions % processes ? 1 : 0));
        }
        children.start(shares, childArgs(name, topic, processes), work);
        ok = 0;
        failed = 0;
        for (GeneratorProcesses.Ready r : children.awaitReady(shares)) {
          ok += r.ok();
          failed += r.failed();
        }
      }
      double rampSeconds = (System.nanoTime() - t0) / 1e9;
      double cpu = probe.cpuSeconds() - cpu0;
      progress.phase(name + ": idle " + idleSeconds + " s");
      // the idle cost of the sessions held (heartbeats, session touches, timers), over the second half of
      // the idle time: the first lets the JIT compilers finish with the ramp; before the memory probe's GCs
      Thread.sleep(idleSeconds * 500L);
      double idle0 = probe.cpuSeconds();
      long i0 = System.nanoTime();
      Thread.sleep(idleSeconds * 500L);
      double idleCpu = idle0 < 0 ? -1 : 100 * (probe.cpuSeconds() - idle0) / ((System.nanoTime() - i0) / 1e9);
      ConnectionsResult.Memory held = memory(probe);
      int closed = fleet.closed() + children.closed();
      return new ConnectionsResult(name, processes, Math.max(1, target.sourceAddresses), ok, failed, closed,
          rampSeconds, cpu0 < 0 ? -1 : 100 * cpu / rampSeconds, idleCpu, base, held);
    } catch (RuntimeException e) {
      System.err.println(name + ": failed: " + e);
      return ConnectionsResult.failed(name, e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }

  private List<String> childArgs(String name, String topic, int processes) {
    return List.of("--target", name, "--ws-url", "ws://127.0.0.1:" + target.port + "/ws",
        "--peer-port", Integer.toString(target.peerPort), "--topic", topic,
        "--connect-rate", Double.toString(target.connectRate / processes),
        "--source-addresses", Integer.toString(Math.max(1, target.sourceAddresses)));
  }

  private static Duration timeout(int n) {
    return Duration.ofSeconds(60).plusSeconds(n / 100);
  }

  /** Heap after a full GC first, then RSS and direct memory, so RSS is read with the heap compacted. */
  private static ConnectionsResult.Memory memory(ServerProbe probe) {
    long heap = probe.heapUsedAfterGc();
    long rss = probe.rssBytes();
    Map<String, Double> m = probe.metrics(METRICS);
    Double direct = m.get("jvm_buffer_memory_used_bytes{id=\"direct\"}");
    return new ConnectionsResult.Memory(rss, heap, direct == null ? -1 : direct.longValue(),
        m.getOrDefault("logcast_connections", -1.0).longValue());
  }
}
