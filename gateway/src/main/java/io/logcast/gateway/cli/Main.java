package io.logcast.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The {@code logcast} command line. */
@Command(
    name = "logcast",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand too
    scope = ScopeType.INHERIT,
    versionProvider = Version.class,
    description = "WebSocket real-time gateway over Kafka.",
    subcommands = {ServeCommand.class, DevCommand.class, PublishCommand.class, SubscribeCommand.class, ProbeCommand.class,
        TopicsCommand.class, TokenCommand.class, ConfigCommand.class, CommandLine.HelpCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return new CommandLine(new Main()).setExecutionExceptionHandler(new Failures()).execute(args);
  }
}
