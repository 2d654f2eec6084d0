package io.logcast.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --help} and {@code --version} everywhere; mistakes are one line, never a stack trace. */
class CommandLineTest {
  private static StdStreams run(String... args) {
    return StdStreams.run("", () -> Main.run(args));
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "publish", "subscribe", "probe", "topics", "token", "config"})
  void everySubcommandHasHelp(String command) {
    StdStreams r = run(command, "--help");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("Usage: logcast " + command);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void nestedSubcommandsHaveHelpToo() {
    assertThat(run("topics", "create", "--help").out()).startsWith("Usage: logcast topics create");
    assertThat(run("config", "check", "--help").out()).startsWith("Usage: logcast config check");
  }

  @Test
  void versionNamesTheReleaseAndTheCommit() {
    StdStreams r = run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("logcast ").contains("(commit ").contains("Java ");
    assertThat(run("serve", "--version").out()).isEqualTo(r.out());
  }

  @Test
  void anUnknownOptionIsNamedWithTheUsage() {
    StdStreams r = run("serve", "--no-such-option");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown option: '--no-such-option'").contains("Usage: logcast serve");
  }

  @Test
  void userMistakesAreOneLineWithExit2() {
    StdStreams r = run("topics", "create", "t", "--partitions", "0");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("logcast topics create: --partitions must be at least 1" + System.lineSeparator());
  }

  @Test
  void theProductionJarHasNoDevMode() {
    // dev mode ships a Kafka broker: it lives in logcast-dev.jar (the dev module), not here
    assertThat(run("dev").exitCode()).isEqualTo(2);
    assertThat(run("--help").out()).doesNotContain("  dev ");
  }

  @Test
  void aGatewayThatIsNotRunningIsOneLine() throws Exception {
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    StdStreams pub = StdStreams.run("x\n", () -> Main.run("publish", "-t", "t", "--url", "http://127.0.0.1:" + closed));
    StdStreams sub = run("subscribe", "-t", "t", "--url", "ws://127.0.0.1:" + closed + "/ws");
    for (StdStreams r : java.util.List.of(pub, sub)) {
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.err()).contains("cannot reach the gateway").contains("logcast dev").doesNotContain("\tat ");
      assertThat(r.err().lines()).hasSize(1);
    }
  }
}
