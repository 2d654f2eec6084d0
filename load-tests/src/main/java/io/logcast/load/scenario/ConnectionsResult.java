package io.logcast.load.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One target's result in the {@code connections} scenario; memory figures are -1 where unknown. */
record ConnectionsResult(String target, int generatorProcesses, int sourceAddresses, int held, int failed, int closed,
    double rampSeconds, double serverCpuPercent, double idleCpuPercent, Memory baseline, Memory loaded, String error) {

  /** The server's memory at one moment: RSS, heap used after a full GC, JDK direct buffers, its own connection gauge. */
  record Memory(long rssBytes, long heapAfterGcBytes, long directBytes, long connectionsGauge) {}

  ConnectionsResult(String target, int generatorProcesses, int sourceAddresses, int held, int failed, int closed,
      double rampSeconds, double serverCpuPercent, double idleCpuPercent, Memory baseline, Memory loaded) {
    this(target, generatorProcesses, sourceAddresses, held, failed, closed, rampSeconds, serverCpuPercent,
        idleCpuPercent, baseline, loaded, null);
  }

  static ConnectionsResult failed(String target, String error) {
    Memory none = new Memory(-1, -1, -1, -1);
    return new ConnectionsResult(target, 0, 0, 0, 0, 0, 0, -1, -1, none, none, error);
  }

  double connectsPerSecond() {
    return rampSeconds <= 0 ? 0 : held / rampSeconds;
  }

  /** Bytes per held connection of growth over the baseline; -1 when unknown. */
  double perConnection(long before, long after) {
    return before < 0 || after < 0 || held == 0 ? -1 : (after - before) / (double) held;
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", target);
    m.put("generatorProcesses", generatorProcesses);
    m.put("sourceAddressesPerProcess", sourceAddresses);
    m.put("held", held);
    m.put("failedToConnect", failed);
    m.put("closedWhileIdle", closed);
    m.put("rampSeconds", rampSeconds);
    m.put("connectsPerSecond", connectsPerSecond());
    m.put("serverCpuPercentDuringRamp", serverCpuPercent);
    m.put("serverCpuPercentIdle", idleCpuPercent);
    m.put("baseline", baseline);
    m.put("loaded", loaded);
    m.put("rssBytesPerConnection", perConnection(baseline.rssBytes(), loaded.rssBytes()));
    m.put("heapAfterGcBytesPerConnection", perConnection(baseline.heapAfterGcBytes(), loaded.heapAfterGcBytes()));
    m.put("directBytesPerConnection", perConnection(baseline.directBytes(), loaded.directBytes()));
    m.put("error", error);
    return m;
  }

  static String write(Path dir, String command, int sessions, int heartbeatSeconds, List<ConnectionsResult> results)
      throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scenario", "connections");
    root.put("command", command);
    root.put("finishedAt", Instant.now().toString());
    root.put("machine", io.logcast.load.report.ReportWriter.machine());
    root.put("sessions", sessions);
    root.put("heartbeatSeconds", heartbeatSeconds);
    root.put("results", results.stream().map(ConnectionsResult::toMap).toList());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), root);
    StringBuilder b = new StringBuilder("# connections — " + sessions + " idle sessions\n\n- command: `" + command
        + "`\n- finished: " + Instant.now() + ", machine: " + io.logcast.load.report.ReportWriter.machine()
        + "\n- server → client keepalive: " + (heartbeatSeconds > 0 ? "every " + heartbeatSeconds + " s on every system"
            : "each system's own default (see `--heartbeat-seconds`)") + "\n\n");
    b.append("| target | held | failed | closed while idle | generator processes | connects/s | server CPU % (ramp) | "
        + "server CPU % (idle) | RSS KiB/conn | heap after GC KiB/conn | direct KiB/conn | RSS MiB base → loaded | "
        + "heap MiB base → loaded |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ConnectionsResult r : results) {
      if (r.error() != null) {
        b.append("| ").append(r.target()).append(" | failed: ").append(r.error()).append(" ||||||||||||\n");
        continue;
      }
      b.append(String.format(Locale.ROOT, "| %s | %,d | %d | %d | %d | %,.0f | %.0f | %.2f | %s | %s | %s | %s → %s | "
          + "%s → %s |%n", r.target(), r.held(), r.failed(), r.closed(), r.generatorProcesses(), r.connectsPerSecond(),
          r.serverCpuPercent(), r.idleCpuPercent(), kib(r.perConnection(r.baseline().rssBytes(), r.loaded().rssBytes())),
          kib(r.perConnection(r.baseline().heapAfterGcBytes(), r.loaded().heapAfterGcBytes())),
          kib(r.perConnection(r.baseline().directBytes(), r.loaded().directBytes())),
          mib(r.baseline().rssBytes()), mib(r.loaded().rssBytes()),
          mib(r.baseline().heapAfterGcBytes()), mib(r.loaded().heapAfterGcBytes())));
    }
    Files.writeString(dir.resolve("report.md"), b.toString());
    return b.toString();
  }

  private static String kib(double bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", bytes / 1024);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
