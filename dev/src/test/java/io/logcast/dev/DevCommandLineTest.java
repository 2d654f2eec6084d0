package io.logcast.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.cli.StdStreams;
import org.junit.jupiter.api.Test;

/** `dev` on the gateway's command line: help, version and mistakes like every other command. */
class DevCommandLineTest {
  private static StdStreams run(String... args) {
    return StdStreams.run("", () -> DevMain.run(args));
  }

  @Test
  void devIsListedBesideTheGatewaysCommands() {
    StdStreams r = run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("serve", "dev", "publish", "subscribe", "probe", "help");
  }

  @Test
  void devHasHelpAndTheSameVersion() {
    StdStreams help = run("dev", "--help");
    assertThat(help.exitCode()).as(help.err()).isZero();
    assertThat(help.out()).startsWith("Usage: logcast dev");
    StdStreams version = run("--version");
    assertThat(version.out()).startsWith("logcast ");
    assertThat(run("dev", "--version").out()).isEqualTo(version.out());
  }

  @Test
  void theGatewaysCommandsStillWork() {
    assertThat(run("serve", "--help").out()).startsWith("Usage: logcast serve");
    assertThat(run("help", "dev").out()).startsWith("Usage: logcast dev");
  }

  @Test
  void anUnknownOptionIsNamedWithTheUsage() {
    StdStreams r = run("dev", "--no-such-option");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--no-such-option'").contains("Usage: logcast dev");
  }

  @Test
  void userMistakesAreOneLineWithExit2() {
    StdStreams r = run("dev", "--instances", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("logcast dev: --instances must be at least 1" + System.lineSeparator());
  }

  @Test
  void aPortInUseNamesTheOptionToChange() throws Exception {
    try (var held = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      StdStreams r = run("dev", "--kafka-port", Integer.toString(held.getLocalPort()));
      assertThat(r.exitCode()).isEqualTo(2);
      assertThat(r.err()).contains("port " + held.getLocalPort() + " is already in use")
          .contains("--kafka-port").doesNotContain("Exception").doesNotContain("\tat ");
    }
  }
}
