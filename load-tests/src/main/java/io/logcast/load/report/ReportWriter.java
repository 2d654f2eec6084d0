package io.logcast.load.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a scenario's report as report.json, report.md and PNG plots into one directory. */
public final class ReportWriter {
  private ReportWriter() {
  }

  /** @return the Markdown text, also written to report.md */
  public static String write(Path dir, String scenario, String command, String target, String publishPath,
      Map<String, Object> parameters, List<RunResult> runs, List<String> notes) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scenario", scenario);
    root.put("command", command);
    root.put("finishedAt", Instant.now().toString());
    root.put("machine", machine());
    root.put("target", target);
    root.put("publishPath", publishPath);
    root.put("parameters", parameters);
    root.put("runs", runs.stream().map(RunResult::toMap).toList());
    root.put("notes", notes);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), root);
    Plots.percentiles(dir.resolve("latency-percentiles.png"), runs);
    Plots.rate(dir.resolve("deliveries-per-second.png"), runs);
    String md = markdown(scenario, command, target, publishPath, parameters, runs, notes);
    Files.writeString(dir.resolve("report.md"), md);
    return md;
  }

  public static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("memoryBytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    if (BoxSpeed.atStart() != null) {
      m.put("boxAtStart", BoxSpeed.atStart());
    }
    return m;
  }

  static String markdown(String scenario, String command, String target, String publishPath,
      Map<String, Object> parameters, List<RunResult> runs, List<String> notes) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(scenario).append(" — ").append(target).append("\n\n");
    b.append("- command: `").append(command).append("`\n");
    b.append("- finished: ").append(Instant.now()).append(", machine: ").append(machine()).append('\n');
    b.append("- publish path: ").append(publishPath).append('\n');
    b.append("- parameters: ").append(parameters).append("\n\n");
    b.append("| run | clients (stalled) | published | deliveries/s | p50 ms | p99 ms | p99.9 ms | max ms | lost | dup | "
        + "server CPU % | RSS MiB | heap after GC MiB |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (RunResult r : runs) {
      b.append(String.format(Locale.ROOT, "| %s | %d (%d) | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f | %d | %d | %.0f | %s | %s |%n",
          r.name(), r.clients(), r.stalled(), r.published(), r.deliveriesPerSecond(), r.percentileMillis(50),
          r.percentileMillis(99), r.percentileMillis(99.9), r.maxMillis(), r.lost(), r.duplicated(),
          r.serverCpuPercent(), mib(r.serverRssBytes()), mib(r.serverHeapAfterGcBytes())));
    }
    b.append('\n');
    for (RunResult r : runs) {
      if (!r.closeCodes().isEmpty() || !r.serverMetrics().isEmpty()) {
        b.append("- ").append(r.name()).append(": close codes ").append(r.closeCodes())
            .append(", server metrics ").append(r.serverMetrics()).append('\n');
      }
      if (r.extra().get("latencySplit") != null) {
        b.append("- ").append(r.name()).append(": ").append(r.extra().get("latencySplit")).append('\n');
      }
    }
    notes.forEach(n -> b.append("- ").append(n).append('\n'));
    b.append("\n![latency percentiles](latency-percentiles.png)\n![deliveries per second](deliveries-per-second.png)\n");
    return b.toString();
  }

  static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
  }
}
