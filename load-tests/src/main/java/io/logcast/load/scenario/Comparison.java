package io.logcast.load.scenario;

import io.logcast.load.report.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary of a {@code compare} run: each system's best sustained rate and fixed-point latencies, as ratios to the first. */
final class Comparison {
  /**
   * @param fixed the fixed-rate run, null if skipped or failed
   * @param best the highest-rate run that passed (the fixed one counts), null if none did
   */
  record Result(String name, String publishPath, RunResult fixed, RunResult best, String stoppedBy) {}

  private Comparison() {
  }

  static String markdown(List<Result> systems, int subscribers, int keys, int topics, double boundMillis) {
    Result ref = systems.get(0);
    StringBuilder b = new StringBuilder();
    b.append(topics > 1
        ? String.format(Locale.ROOT, "# compare — %,d topics × %,d subscribers each%n%n", topics, subscribers / topics)
        : String.format(Locale.ROOT, "# compare — 1 topic × %,d subscribers%s%n%n", subscribers, keys > 0
            ? String.format(Locale.ROOT, " over %,d keys (%,d subscribers per key)", keys, subscribers / keys) : ""));
    b.append(String.format(Locale.ROOT, "| system | best deliveries/s with p99 ≤ %.0f ms | × %s | stopped by | "
        + "fixed point: deliveries/s | p50 / p99 / p99.9 / max ms | × %s (p50 / p99 / p99.9 / max) | lost / dup | "
        + "server CPU %% | RSS MiB |%n", boundMillis, ref.name(), ref.name()));
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result s : systems) {
      RunResult f = s.fixed();
      b.append("| ").append(s.name()).append(" | ")
          .append(s.best() == null ? "none" : String.format(Locale.ROOT, "%,.0f", s.best().deliveriesPerSecond()))
          .append(" | ").append(ratio(rate(s.best()), rate(ref.best())))
          .append(" | ").append(s.stoppedBy()).append(" | ");
      if (f == null) {
        b.append("n/a | n/a | n/a | n/a | n/a | n/a |\n");
        continue;
      }
      RunResult rf = ref.fixed();
      b.append(String.format(Locale.ROOT, "%,.0f | %.1f / %.1f / %.1f / %.1f | %s / %s / %s / %s | %d / %d | %.0f | %s |%n",
          f.deliveriesPerSecond(), f.percentileMillis(50), f.percentileMillis(99), f.percentileMillis(99.9),
          f.maxMillis(),
          ratio(f.percentileMillis(50), pct(rf, 50)), ratio(f.percentileMillis(99), pct(rf, 99)),
          ratio(f.percentileMillis(99.9), pct(rf, 99.9)), ratio(f.maxMillis(), rf == null ? -1 : rf.maxMillis()),
          f.lost(), f.duplicated(), f.serverCpuPercent(), mib(f.serverRssBytes())));
    }
    return b.toString();
  }

  static List<String> notes(List<Result> systems) {
    List<String> out = new ArrayList<>();
    for (Result s : systems) {
      out.add(s.name() + ": " + s.publishPath() + "; ladder stopped by " + s.stoppedBy());
    }
    return out;
  }

  private static double rate(RunResult r) {
    return r == null ? -1 : r.deliveriesPerSecond();
  }

  private static double pct(RunResult r, double p) {
    return r == null ? -1 : r.percentileMillis(p);
  }

  private static String ratio(double v, double ref) {
    return v <= 0 || ref <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", v / ref);
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
  }
}
