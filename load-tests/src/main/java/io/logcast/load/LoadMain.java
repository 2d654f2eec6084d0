package io.logcast.load;

import io.logcast.load.scenario.CompareCommand;
import io.logcast.load.scenario.ConnectionsCommand;
import io.logcast.load.scenario.HoldCommand;
import io.logcast.load.scenario.KafkaHopCommand;
import io.logcast.load.scenario.PlotCommand;
import io.logcast.load.scenario.ResumeStormCommand;
import io.logcast.load.scenario.FanoutCommand;
import io.logcast.load.scenario.SlowConsumersCommand;
import io.logcast.load.scenario.SnapshotCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The load generator: {@code load-tests/bin/load <scenario> [options]}; see load-tests/README.md. */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Loopback-only load generator for Logcast and its peers; writes JSON + Markdown + PNG reports.",
    subcommands = {SlowConsumersCommand.class, FanoutCommand.class, CompareCommand.class,
        ConnectionsCommand.class, ResumeStormCommand.class, KafkaHopCommand.class, SnapshotCommand.class,
        PlotCommand.class, HoldCommand.class})
public final class LoadMain {
  private static String commandLine = "load-tests/bin/load";
  /** As bin/logcast, the Dockerfile and the chart's jvmOptions set them. */
  static final String SHIPPED_GC_FLAGS = "-XX:+UseG1GC,-XX:MaxGCPauseMillis=20";
  /** The scenarios whose reports carry the box's speed at their start. */
  private static final java.util.Set<String> MEASURED = java.util.Set.of("slow-consumers", "fanout", "compare",
      "connections", "resume-storm", "kafka-hop", "snapshot");

  /** The command as typed, for reports. */
  public static String commandLine() {
    return commandLine;
  }

  public static void main(String[] args) {
    commandLine = "load-tests/bin/load " + String.join(" ", args);
    // the broker a benchmark runs against has Kafka's production JVM flags (tests: C1, Serial, 512 MB),
    // unless told otherwise (-Dlogcast.testkit.brokerAsProduction=false, for A/B runs)
    unlessSet(io.logcast.testkit.KafkaBroker.PRODUCTION_JVM_PROPERTY, "true");
    // a gateway launched here runs the collector the launcher, the image and the chart ship (not the
    // testkit's Serial), unless told otherwise
    unlessSet(io.logcast.testkit.GatewayProcess.GC_PROPERTY, SHIPPED_GC_FLAGS);
    // and the JVM's own JIT (C1 then C2), as shipped, not the testkit's C1 only
    unlessSet(io.logcast.testkit.GatewayProcess.JIT_PROPERTY, "");
    if (args.length > 0 && MEASURED.contains(args[0])) {
      io.logcast.load.report.BoxSpeed.measureAtStart(); // before the run's own load: see BoxSpeed
    }
    System.exit(new CommandLine(new LoadMain()).execute(args));
  }

  /** Sets a testkit property for this run unless -D on the command line chose it (A/B runs). */
  private static void unlessSet(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
