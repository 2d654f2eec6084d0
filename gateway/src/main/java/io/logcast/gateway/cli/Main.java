package io.logcast.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code logcast} command line. */
@Command(
    name = "logcast",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "WebSocket real-time gateway over Kafka.",
    subcommands = {ServeCommand.class, DevCommand.class, PublishCommand.class, SubscribeCommand.class, ProbeCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"logcast " + (v == null ? "dev" : v)};
    }
  }
}
