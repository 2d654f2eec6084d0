package io.logcast.dev;

import io.logcast.gateway.cli.Main;

/** Main class of logcast-dev.jar: the gateway's command line, plus {@code dev}. */
public final class DevMain {
  private DevMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    return Main.commandLine(new DevCommand()).execute(args);
  }
}
