package io.logcast.load.scenario;

import io.logcast.load.LoadMain;
import io.logcast.load.client.ClientFleet;
import io.logcast.load.measure.Latencies;
import io.logcast.load.measure.Progress;
import io.logcast.load.report.RatePlot;
import io.logcast.load.report.ReportWriter;
import io.logcast.load.report.RunResult;
import io.logcast.load.target.Target;
import java.nio.file.Files;
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
 * Every system in one invocation, one after the other on the same machine state: per target a
 * fixed-rate run (default 50 publishes/s × 1,000 subscribers = 50k deliveries/s) and then a rate
 * ladder that stops at the first step whose p99 exceeds the bound or whose deliveries fall short;
 * reports each system's best sustained deliveries/s and its latencies as ratios to Logcast.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Fan-out across all targets in one run: a fixed-rate point and a rate ladder per target; ratios to Logcast.")
public final class CompareCommand implements Callable<Integer> {
  @Mixin
  TargetOptions target;

  @Option(names = "--targets", split = ",", defaultValue = "logcast,vertx-raw,nats,nats-js,nchan,socketio",
      description = "systems to run, in order; the first is the reference of the ratios (default: ${DEFAULT-VALUE})")
  List<String> targets;

  @Option(names = "--subscribers", defaultValue = "1000", description = "subscribers of the topic (default: ${DEFAULT-VALUE})")
  int subscribers;

  @Option(names = "--payload", defaultValue = "200", description = "payload bytes (default: ${DEFAULT-VALUE})")
  int payload;

  @Mixin
  GroupOptions groups;

  @Option(names = "--fixed-rate", defaultValue = "50",
      description = "publishes/s of the fixed point, 0 to skip it (default: ${DEFAULT-VALUE})")
  double fixedRate;

  @Option(names = "--fixed-warmup", defaultValue = "10", description = "seconds (default: ${DEFAULT-VALUE})")
  int fixedWarmup;

  @Option(names = "--fixed-duration", defaultValue = "20", description = "measured seconds (default: ${DEFAULT-VALUE})")
  int fixedDuration;

  @Option(names = "--ladder", split = ",", defaultValue = "25,50,100,150,200,300,400,600,800",
      description = "publishes/s of the ladder steps, ascending; those at or below a passing fixed point are skipped (default: ${DEFAULT-VALUE})")
  List<Double> ladder;

  @Option(names = "--step-warmup", defaultValue = "4", description = "seconds per ladder step (default: ${DEFAULT-VALUE})")
  int stepWarmup;

  @Option(names = "--step-duration", defaultValue = "8", description = "measured seconds per ladder step (default: ${DEFAULT-VALUE})")
  int stepDuration;

  @Option(names = "--p99-bound-ms", defaultValue = "50", description = "a step passes with p99 at most this (default: ${DEFAULT-VALUE})")
  double p99BoundMillis;

  @Option(names = "--min-delivered", defaultValue = "0.95",
      description = "a step passes when at least this share of the offered deliveries/s arrived, and nothing was lost (default: ${DEFAULT-VALUE})")
  double minDelivered;

  @Override
  public Integer call() throws Exception {
    Path dir = target.reportDir("compare");
    Latencies latencies = new Latencies();
    List<RunResult> runs = new ArrayList<>();
    List<Comparison.Result> systems = new ArrayList<>();
    try (ClientFleet fleet = new ClientFleet(target.eventLoops, target.sourceAddresses);
        Progress progress = new Progress(latencies, () -> "clients " + fleet.size())) {
      for (String name : targets) {
        systems.add(runTarget(name, dir, fleet, latencies, progress, runs));
        write(dir, systems, runs); // after each target, so a long run that is stopped keeps what it measured
      }
    }
    String summary = write(dir, systems, runs);
    System.out.println(summary);
    System.out.println("report: " + dir.toAbsolutePath());
    return 0;
  }

  private String write(Path dir, List<Comparison.Result> systems, List<RunResult> runs) throws java.io.IOException {
    String summary = Comparison.markdown(systems, subscribers, groups.keys, groups.topics, p99BoundMillis);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("targets", targets);
    params.put("subscribers", subscribers);
    params.put("payloadBytes", payload);
    if (groups.keys > 0) {
      params.put("keys", groups.keys);
      params.put("partitions", groups.partitions);
    }
    if (groups.topics > 1) {
      params.put("topics", groups.topics);
    }
    params.put("fixedRate", fixedRate);
    params.put("ladder", ladder);
    params.put("p99BoundMillis", p99BoundMillis);
    params.put("minDelivered", minDelivered);
    String md = ReportWriter.write(dir, "compare", LoadMain.commandLine(), String.join(",", targets),
        "per target: its natural path (see each run)", params, runs, Comparison.notes(systems));
    RatePlot.write(dir.resolve(RatePlot.FILE), RatePlot.of(runs), p99BoundMillis);
    String text = summary + "\n![p99 by deliveries/s](" + RatePlot.FILE + ")\n\n" + md;
    Files.writeString(dir.resolve("report.md"), text);
    return text;
  }

  private Comparison.Result runTarget(String name, Path dir, ClientFleet fleet, Latencies latencies, Progress progress,
      List<RunResult> runs) {
    RunResult fixed = null;
    RunResult best = null;
    String stoppedBy = "ladder exhausted";
    String publishPath = "";
    try (Target t = target.open(name, dir.resolve("work-" + name))) {
      publishPath = t.publishPath();
      if (fixedRate > 0) {
        fixed = FanoutRun.execute(t, fleet, spec(name + " fixed", fixedRate, fixedWarmup, fixedDuration, true),
            latencies, progress);
        runs.add(fixed);
        String why = failure(fixed, fixedRate);
        if (why == null) {
          best = fixed;
        }
      }
      for (double rate : ladder) {
        if (best != null && rate <= fixedRate) {
          continue; // the fixed point already passed at this rate; steps below it are only for when it failed
        }
        RunResult r = FanoutRun.execute(t, fleet, spec(name + " step", rate, stepWarmup, stepDuration, false),
            latencies, progress);
        runs.add(r);
        String why = failure(r, rate);
        if (why != null) {
          stoppedBy = String.format(Locale.ROOT, "%.0f/s: %s", rate, why);
          break;
        }
        if (best == null || r.deliveriesPerSecond() > best.deliveriesPerSecond()) {
          best = r;
        }
      }
    } catch (Exception | Error e) {
      stoppedBy = "failed: " + e.getClass().getSimpleName() + " " + e.getMessage();
      System.err.println(name + ": " + stoppedBy);
    }
    return new Comparison.Result(name, publishPath, fixed, best, stoppedBy);
  }

  private FanoutRun.Spec spec(String name, double rate, int warmup, int duration, boolean heap) {
    String label = String.format(Locale.ROOT, "%s %.0f/s × %d%s", name, rate, subscribers, groups.label());
    return groups.apply(new FanoutRun.Spec(label, "cmp", subscribers, 0, target.connectRate, rate, payload,
        Duration.ofSeconds(warmup), Duration.ofSeconds(duration), Duration.ofSeconds(3), Long.MAX_VALUE, heap));
  }

  /** Why a step does not count as sustained, or null when it does. */
  private String failure(RunResult r, double rate) {
    double offered = rate * subscribers / groups.groups();
    if (r.percentileMillis(99) > p99BoundMillis || r.percentileMillis(99) < 0) {
      return String.format(Locale.ROOT, "p99 %.1f ms > %.0f ms", r.percentileMillis(99), p99BoundMillis);
    }
    if (r.deliveriesPerSecond() < minDelivered * offered) {
      return String.format(Locale.ROOT, "%,.0f of %,.0f deliveries/s", r.deliveriesPerSecond(), offered);
    }
    if (r.lost() > 0) {
      return r.lost() + " lost";
    }
    return null;
  }
}
