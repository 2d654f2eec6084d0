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
    // `help` is added last by commandLine(), after any extra command
    subcommands = {ServeCommand.class, PublishCommand.class, SubscribeCommand.class, ProbeCommand.class,
        TopicsCommand.class, TokenCommand.class, ConfigCommand.class})
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line with {@code extra} subcommands beside the gateway's own: the logcast-dev jar adds
   * {@code dev} this way, so that the production jar carries no Kafka broker.
   */
  public static CommandLine commandLine(Object... extra) {
    CommandLine cmd = new CommandLine(new Main());
    for (Object command : extra) {
      cmd.addSubcommand(command);
    }
    cmd.addSubcommand(new CommandLine.HelpCommand());
    // set last: picocli hands the handler to the subcommands present at the time
    return cmd.setExecutionExceptionHandler(new Failures());
  }
}
