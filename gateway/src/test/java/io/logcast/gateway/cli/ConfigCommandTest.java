package io.logcast.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logcast config init|check|print}. */
class ConfigCommandTest {
  private static StdStreams run(String... args) {
    return StdStreams.run("", () -> Main.run(args));
  }

  @Test
  void theStarterConfigChecksOkAndIsNotOverwritten(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logcast.yaml");
    StdStreams init = run("config", "init", file.toString());
    assertThat(init.exitCode()).as(init.err()).isZero();
    assertThat(Files.readString(file)).contains("bootstrapServers: localhost:9092").contains("# ");

    StdStreams check = run("config", "check", "-c", file.toString());
    assertThat(check.exitCode()).as(check.err()).isZero();
    assertThat(check.out()).startsWith("configuration OK: " + file).contains("auth none").contains("demo.*");

    StdStreams again = run("config", "init", file.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already exists (--force overwrites it)");
    assertThat(run("config", "init", "--force", file.toString()).exitCode()).isZero();
  }

  @Test
  void checkListsEveryProblem(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "server:\n  port: 99999\nsurprise: 1\n");
    StdStreams r = run("config", "check", "-c", file.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("server.port").contains("surprise: unknown key").contains("kafka.bootstrapServers: required")
        .contains("auth.mode").doesNotContain("Exception");
  }

  @Test
  void printShowsDefaultsAndMasksSecretsAsYamlThatLoadsAgain(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), """
        kafka:
          bootstrapServers: k1:9092,k2:9092
          common:
            sasl.jaas.config: "org.apache.kafka.common.security.plain.PlainLoginModule required password=hunter2;"
        topics.allow: [orders, "chat.*"]
        auth:
          mode: jwt
          alg: HS256
          hs256Secret: this-is-a-secret-of-at-least-32-bytes!
          allowMissingOrigin: true
        """);
    StdStreams r = run("config", "print", "-c", file.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("kafka.bootstrapServers: \"k1:9092,k2:9092\"")
        .contains("topics.allow: \"orders,chat.*\"")
        .contains("auth.hs256Secret: \"****\"")
        .contains("kafka.common.sasl.jaas.config: \"****\"")
        .contains("limits.maxConnections: 15000")
        .contains("live.stallTimeoutMs: 30000")
        .doesNotContain("hunter2").doesNotContain("this-is-a-secret");
    // the printout is a config file again (with the secrets put back)
    Path printed = Files.writeString(dir.resolve("printed.yaml"), r.out()
        .replace("auth.hs256Secret: \"****\"", "auth.hs256Secret: this-is-a-secret-of-at-least-32-bytes!")
        .replace("kafka.common.sasl.jaas.config: \"****\"", "kafka.common.sasl.jaas.config: x"));
    assertThat(run("config", "check", "-c", printed.toString()).exitCode()).isZero();
  }
}
