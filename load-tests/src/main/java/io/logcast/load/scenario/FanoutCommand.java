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
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * T topics × S subscribers at R publishes/s of P bytes for D seconds; one run per rate in
 * {@code --rates}, so a step ladder finds the highest rate whose p99 stays under a bound.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "Fan-out: S subscribers of a topic, R publishes/s; deliveries/s, latency percentiles, lost, duplicated, server CPU/RSS.")
public final class FanoutCommand implements Callable<Integer> {
  @Mixin
  TargetOptions target;

  @Option(names = "--subscribers", defaultValue = "1000", description = "subscribers per topic (default: ${DEFAULT-VALUE})")
  int subscribers;

  @Option(names = "--rates", split = ",", defaultValue = "50",
      description = "publishes per second, one run each, e.g. 20,50,100 (default: ${DEFAULT-VALUE})")
  List<Double> rates;

  @Option(names = "--payload", defaultValue = "200", description = "payload bytes (default: ${DEFAULT-VALUE})")
  int payload;

  @Option(names = "--warmup", defaultValue = "10", description = "seconds before measuring (default: ${DEFAULT-VALUE})")
  int warmupSeconds;

  @Option(names = "--duration", defaultValue = "30", description = "measured seconds per run (default: ${DEFAULT-VALUE})")
  int durationSeconds;

  @Option(names = "--max-messages", defaultValue = "10000000", description = "publish at most this many per run")
  long maxMessages;

  @Override
  public Integer call() throws Exception {
    Path dir = target.reportDir("fanout");
    Latencies latencies = new Latencies();
    List<RunResult> runs = new ArrayList<>();
    try (Target t = target.open(dir.resolve("work"));
        ClientFleet fleet = new ClientFleet(target.eventLoops, target.sourceAddresses);
        Progress progress = new Progress(latencies, () -> "clients " + fleet.size())) {
      for (double rate : rates) {
        String name = String.format(java.util.Locale.ROOT, "%s %.0f/s × %d", t.name(), rate, subscribers);
        runs.add(FanoutRun.execute(t, fleet, new FanoutRun.Spec(name, "fanout", subscribers, 0, target.connectRate,
            rate, payload, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds),
            Duration.ofSeconds(3), maxMessages), latencies, progress));
      }
      String md = ReportWriter.write(dir, "fanout", LoadMain.commandLine(), t.name(), t.publishPath(),
          runs.get(0).parameters(), runs, List.of());
      System.out.println(md);
      System.out.println("report: " + dir.toAbsolutePath());
    }
    return 0;
  }
}
