package io.logcast.load.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logcast.load.LoadMain;
import io.logcast.testkit.FreePort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * The generator end to end against the raw Vert.x peer (a child JVM from this classpath, nothing to
 * install), small enough for {@code mvn verify}: the scenarios run, count every delivery and write
 * their reports. Figures are not asserted; they belong in docs/benchmarks.md.
 */
class ScenariosSmokeIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void compareRunsTheFixedPointAndTheLadderAndCountsEveryDelivery() throws IOException {
    Path out = Path.of("target", "smoke", "compare");
    int rc = run("compare", "--targets", "vertx-raw", "--peer-port", Integer.toString(freePort()),
        "--subscribers", "20", "--fixed-rate", "20", "--fixed-warmup", "1", "--fixed-duration", "2",
        "--ladder", "40", "--step-warmup", "1", "--step-duration", "2", "--out", out.toString());

    assertThat(rc).isZero();
    JsonNode runs = JSON.readTree(out.resolve("report.json").toFile()).get("runs");
    assertThat(runs).hasSize(2);
    JsonNode fixed = runs.get(0);
    assertThat(fixed.get("name").asText()).startsWith("vertx-raw fixed");
    assertThat(fixed.get("published").asLong()).isPositive();
    assertThat(fixed.get("deliveries").asLong()).isEqualTo(fixed.get("published").asLong() * 20);
    assertThat(fixed.get("lost").asLong()).isZero();
    assertThat(fixed.get("duplicated").asLong()).isZero();
    assertThat(Files.readString(out.resolve("report.md"))).contains("| vertx-raw |").contains("p99-by-rate.png");
    // the chart, and the same drawn again from report.json by `plot`
    Path chart = out.resolve("p99-by-rate.png");
    assertThat(javax.imageio.ImageIO.read(chart.toFile()).getWidth()).isEqualTo(900);
    Files.delete(chart);
    assertThat(run("plot", out.toString())).isZero();
    assertThat(chart).isNotEmptyFile();
    assertThat(run("plot", out.resolve("no-such-report").toString())).as("a directory without report.json").isOne();
  }

  /**
   * Keyed (a peer has no keys: each key is a channel of its own) and mixed (a topic per group of
   * clients): every client gets exactly its group's messages.
   */
  @ParameterizedTest
  @ValueSource(strings = {"--keys", "--topics"})
  void eachClientGetsItsGroupsMessagesOnly(String groups) throws IOException {
    Path out = Path.of("target", "smoke", "compare" + groups);
    int rc = run("compare", "--targets", "vertx-raw", "--peer-port", Integer.toString(freePort()), groups, "4",
        "--subscribers", "20", "--fixed-rate", "20", "--fixed-warmup", "1", "--fixed-duration", "2",
        "--ladder", "40", "--step-warmup", "1", "--step-duration", "2", "--out", out.toString());

    assertThat(rc).isZero();
    JsonNode fixed = JSON.readTree(out.resolve("report.json").toFile()).get("runs").get(0);
    assertThat(fixed.get("published").asLong()).isPositive();
    // 5 clients per group; lost counts each client's missing sequences of its own group
    assertThat(fixed.get("deliveries").asLong()).isEqualTo(fixed.get("published").asLong() * 5);
    assertThat(fixed.get("lost").asLong()).isZero();
    assertThat(fixed.get("duplicated").asLong()).isZero();
    assertThat(fixed.get("foreign").asLong()).isZero();
  }

  @Test
  void connectionsHoldsEverySessionAndMeasuresTheServer() throws IOException {
    Path out = Path.of("target", "smoke", "connections");
    int rc = run("connections", "--targets", "vertx-raw", "--peer-port", Integer.toString(freePort()),
        "--sessions", "200", "--warmup-sessions", "20", "--idle", "1", "--per-process", "100", "--out", out.toString());

    assertThat(rc).isZero();
    JsonNode r = JSON.readTree(out.resolve("report.json").toFile()).get("results").get(0);
    assertThat(r.get("error").isNull()).isTrue();
    assertThat(r.get("held").asInt()).isEqualTo(200);
    assertThat(r.get("generatorProcesses").asInt()).isEqualTo(2); // past --per-process: child processes
    assertThat(r.get("closedWhileIdle").asInt()).isZero();
    assertThat(r.get("loaded").get("rssBytes").asLong()).isPositive();
  }

  private static int run(String... args) {
    return new CommandLine(new LoadMain()).execute(args);
  }

  private static int freePort() {
    return FreePort.next();
  }
}
