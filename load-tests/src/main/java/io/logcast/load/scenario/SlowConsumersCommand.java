package io.logcast.load.scenario;

import io.logcast.load.LoadMain;
import io.logcast.load.client.ClientFleet;
import io.logcast.load.measure.Latencies;
import io.logcast.load.measure.Progress;
import io.logcast.load.report.ReportWriter;
import io.logcast.load.report.RunResult;
import io.logcast.load.target.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Does a share of stalled clients hurt the others? Two runs on one server in one invocation:
 * A with every client reading, B with the first {@code --stalled-percent} of clients stalled
 * (paused right after subscribing: the socket is no longer read, with a 16 KiB receive buffer).
 * Reports the fast clients' latency and the server's heap after GC for both, and B/A.
 */
@Command(name = "slow-consumers", mixinStandardHelpOptions = true,
    description = "Run A (all clients read) vs run B (a share stalled) on one hot topic; fast clients' latency and server heap.")
public final class SlowConsumersCommand implements Callable<Integer> {
  @Mixin
  TargetOptions target;

  @Option(names = "--clients", defaultValue = "1000", description = "subscribers of the hot topic (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--stalled-percent", defaultValue = "1", description = "share of clients stalled in run B (default: ${DEFAULT-VALUE})")
  double stalledPercent;

  @Option(names = "--rate", defaultValue = "50", description = "publishes per second (default: ${DEFAULT-VALUE})")
  double rate;

  // 2 KiB at 50/s (~110 KB/s per client): a stalled socket fills the kernel send buffer (up to
  // 4 MiB here, tcp_wmem) and then the gateway's 1 MiB outbound limit within the run, so run B
  // reaches the demotion path instead of only parking bytes in the kernel
  @Option(names = "--payload", defaultValue = "2048", description = "payload bytes (default: ${DEFAULT-VALUE})")
  int payload;

  @Option(names = "--warmup", defaultValue = "10", description = "seconds published before measuring (default: ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "60", description = "measured seconds per run (default: ${DEFAULT-VALUE})")
  int durationSeconds;

  @Option(names = "--jit-warmup", defaultValue = "20",
      description = "seconds of an unreported run before A, so A is not measured on a colder JIT than B (default: ${DEFAULT-VALUE})")
  int jitWarmupSeconds;

  @Override
  public Integer call() throws Exception {
    int stalled = (int) Math.round(clients * stalledPercent / 100.0);
    Path dir = target.reportDir("slow-consumers");
    Latencies latencies = new Latencies();
    List<RunResult> runs = new ArrayList<>();
    try (Target t = target.open(dir.resolve("work"));
        ClientFleet fleet = new ClientFleet(target.eventLoops, target.sourceAddresses);
        Progress progress = new Progress(latencies, () -> "clients " + fleet.size())) {
      if (jitWarmupSeconds > 0) {
        FanoutRun.execute(t, fleet, new FanoutRun.Spec("JIT warm-up", "slow-w", clients, 0, target.connectRate, rate,
            payload, Duration.ofSeconds(jitWarmupSeconds), Duration.ofSeconds(1), Duration.ofSeconds(1), Long.MAX_VALUE),
            latencies, progress);
      }
      runs.add(FanoutRun.execute(t, fleet, spec("A: none stalled", "slow-a", 0), latencies, progress));
      runs.add(FanoutRun.execute(t, fleet, spec("B: " + stalledPercent + "% stalled", "slow-b", stalled), latencies,
          progress));
      Map<String, Object> params = new LinkedHashMap<>(runs.get(1).parameters());
      params.put("stalledReceiveBufferBytes", ClientFleet.STALLED_RECEIVE_BUFFER_BYTES);
      String md = ReportWriter.write(dir, "slow-consumers", LoadMain.commandLine(), t.name(), t.publishPath(),
          params, runs, List.of(ratios(runs.get(0), runs.get(1))));
      System.out.println(md);
      System.out.println("report: " + dir.toAbsolutePath());
    }
    return 0;
  }

  private FanoutRun.Spec spec(String name, String prefix, int stalled) {
    return new FanoutRun.Spec(name, prefix, clients, stalled, target.connectRate, rate, payload,
        Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds), Duration.ofSeconds(3), Long.MAX_VALUE);
  }

  static String ratios(RunResult a, RunResult b) {
    return String.format(Locale.ROOT, "B/A: p50 %.2f×, p99 %.2f×, p99.9 %.2f×, max %.2f×, heap after GC %.2f×, RSS %.2f×",
        b.percentileMillis(50) / a.percentileMillis(50), b.percentileMillis(99) / a.percentileMillis(99),
        b.percentileMillis(99.9) / a.percentileMillis(99.9), b.maxMillis() / a.maxMillis(),
        (double) b.serverHeapAfterGcBytes() / a.serverHeapAfterGcBytes(),
        (double) b.serverRssBytes() / a.serverRssBytes());
  }
}
