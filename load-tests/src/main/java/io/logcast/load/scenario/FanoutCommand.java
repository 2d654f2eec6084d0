package io.logcast.load.scenario;

import io.logcast.load.LoadMain;
import io.logcast.load.client.ClientFleet;
import io.logcast.load.client.SseFleet;
import io.logcast.load.measure.Latencies;
import io.logcast.load.measure.Progress;
import io.logcast.load.report.ReportWriter;
import io.logcast.load.report.RunResult;
import io.logcast.load.target.LogcastTarget;
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
 * {@code --rates}, so a step ladder finds the highest rate whose p99 stays under a bound; with
 * {@code --transports websocket,sse} each rate runs over both, one after the other on one gateway.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "Fan-out: S subscribers of a topic, R publishes/s; deliveries/s, latency percentiles, lost, duplicated, server CPU/RSS.")
public final class FanoutCommand implements Callable<Integer> {
  @Mixin
  TargetOptions target;

  @Option(names = "--subscribers", defaultValue = "1000", description = "subscribers in all, spread over the keys or topics if any (default: ${DEFAULT-VALUE})")
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

  @Mixin
  GroupOptions groups;

  @Option(names = "--transports", split = ",", defaultValue = "websocket",
      description = "logcast only: websocket, sse (GET /v1/stream), or both (websocket,sse): one run per rate and "
          + "transport on the same gateway, and the SSE/WebSocket ratios (default: ${DEFAULT-VALUE})")
  List<Transport> transports;

  @Override
  public Integer call() throws Exception {
    Path dir = target.reportDir("fanout");
    Latencies latencies = new Latencies();
    List<RunResult> runs = new ArrayList<>();
    try (Target t = target.open(dir.resolve("work"));
        ClientFleet fleet = new ClientFleet(target.eventLoops, target.sourceAddresses);
        SseFleet streams = transports.contains(Transport.sse) ? new SseFleet(fleet.vertx(), httpUrl(t)) : null;
        Progress progress = new Progress(latencies, () -> "clients " + (fleet.size() + (streams == null ? 0
            : streams.size())))) {
      for (double rate : rates) {
        for (Transport transport : transports) {
          String name = String.format(java.util.Locale.ROOT, "%s %.0f/s × %d%s%s", t.name(), rate, subscribers,
              groups.label(),
              transports.size() > 1 || transport == Transport.sse ? " " + transport : "");
          runs.add(FanoutRun.execute(t, transport == Transport.sse ? streams : fleet, groups.apply(new FanoutRun.Spec(
              name, "fanout", subscribers, 0, target.connectRate, rate, payload, Duration.ofSeconds(warmupSeconds),
              Duration.ofSeconds(durationSeconds), Duration.ofSeconds(3), maxMessages)), latencies, progress));
        }
      }
      String md = ReportWriter.write(dir, "fanout", LoadMain.commandLine(), t.name(), t.publishPath(),
          runs.get(0).parameters(), runs, TransportRatios.notes(transports, runs));
      System.out.println(md);
      System.out.println("report: " + dir.toAbsolutePath());
    }
    return 0;
  }

  /** How the subscribers receive: the WebSocket protocol, or Server-Sent Events. */
  enum Transport { websocket, sse }

  private static String httpUrl(Target t) {
    if (t instanceof LogcastTarget lt) {
      return lt.httpUrl();
    }
    throw new IllegalArgumentException("--transports sse: only the logcast target serves Server-Sent Events");
  }
}
