package io.logcast.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @Test
  void invalidConfigExitsNonZeroListingEveryProblem(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, """
        server:
          port: 99999
        limits:
          maxMessageBytes: lots
        auth:
          mode: maybe
        surprise: true
        """);
    StdStreams r = StdStreams.run("", () -> Main.run("serve", "-c", file.toString()));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .contains("server.port")
        .contains("limits.maxMessageBytes")
        .contains("auth.mode")
        .contains("surprise: unknown key")
        .contains("kafka.bootstrapServers: required")
        .contains("topics.allow");
  }

  @Test
  void missingConfigFileIsAProblemNotAStackTrace(@TempDir Path dir) {
    StdStreams r = StdStreams.run("", () -> Main.run("serve", "-c", dir.resolve("nope.yaml").toString()));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("no such file").doesNotContain("Exception");
  }

  @Test
  void helpListsTheSubcommands() {
    StdStreams r = StdStreams.run("", () -> Main.run("--help"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("serve", "publish", "subscribe", "probe", "topics", "token", "config", "help");
  }
}
