package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.cli.Main;
import io.logcast.gateway.cli.StdStreams;
import io.logcast.testkit.SharedKafka;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code logcast publish} and {@code logcast subscribe} through a live gateway, like Kafka's console tools. */
class ConsoleToolsIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("snapshot.topics", "lc-cli-compact-*"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static StdStreams run(String stdin, String... args) {
    return StdStreams.run(stdin, () -> Main.run(args));
  }

  @Test
  void linesPublishedComeBackAsLines() {
    String topic = GatewayFixture.topic(2);
    StdStreams pub = run("plain text\n{\"n\":2}\norder-9\t{\"s\":\"paid\"}\n", "publish", "--url", gw.httpUrl(), "-t", topic,
        "-k", "k1", "--key-separator", "\t", "-H", "source=cli");
    assertThat(pub.exitCode()).as(pub.err()).isZero();

    StdStreams sub = run("", "subscribe", "--url", gw.wsUrl(), "-t", topic, "--from", "earliest", "-n", "3");
    assertThat(sub.exitCode()).as(sub.err()).isZero();
    assertThat(sub.out().lines()).containsExactlyInAnyOrder("plain text", "{\"n\":2}", "{\"s\":\"paid\"}");

    StdStreams keyed = run("", "subscribe", "--url", gw.wsUrl(), "-t", topic, "-k", "order-9", "--from", "earliest", "-n", "1",
        "--format", "json");
    assertThat(keyed.exitCode()).isZero();
    assertThat(keyed.out()).contains("\"key\":\"order-9\"").contains("\"source\":\"cli\"");
  }

  @Test
  void fromSnapshotPrintsTheLatestValueOfEveryKeyThenSaysWhereLiveStarts() throws Exception {
    String topic = SharedKafka.uniqueTopic("lc-cli-compact");
    GatewayFixture.broker().createCompactedTopic(topic, 1);
    StdStreams pub = run("a\t{\"v\":1}\nb\t{\"v\":1}\na\t{\"v\":2}\n", "publish", "--url", gw.httpUrl(), "-t", topic,
        "--key-separator", "\t");
    assertThat(pub.exitCode()).as(pub.err()).isZero();

    StdStreams sub = run("", "subscribe", "--url", gw.wsUrl(), "-t", topic, "--from", "snapshot", "-n", "2");
    assertThat(sub.exitCode()).as(sub.err()).isZero();
    assertThat(sub.out().lines()).containsExactlyInAnyOrder("{\"v\":2}", "{\"v\":1}");

    StdStreams overSse = run("", "subscribe", "--transport", "sse", "--url", gw.httpUrl(), "-t", topic, "--from", "snapshot");
    assertThat(overSse.exitCode()).isEqualTo(1);
    assertThat(overSse.err()).contains("bad_request");
  }

  @Test
  void overServerSentEventsLinesComeBackOnceEachAndMinusNStopsIt() {
    String topic = GatewayFixture.topic(3);
    StringBuilder lines = new StringBuilder();
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      lines.append("k").append(i % 4).append('\t').append("line-").append(i).append('\n');
      expected.add("line-" + i);
    }
    StdStreams pub = run(lines.toString(), "publish", "--url", gw.httpUrl(), "-t", topic, "--key-separator", "\t");
    assertThat(pub.exitCode()).as(pub.err()).isZero();

    // the WebSocket URL works too: the tool turns ws://…/ws into http://…/v1/stream
    StdStreams sub = run("", "subscribe", "--transport", "sse", "--url", gw.wsUrl(), "-t", topic, "--from", "earliest",
        "-n", "40");
    assertThat(sub.exitCode()).as(sub.err()).isZero();
    assertThat(sub.out().lines().toList()).as("every line once").containsExactlyInAnyOrderElementsOf(expected);

    // -n stops it before the end of what is there
    StdStreams some = run("", "subscribe", "--transport", "sse", "--url", gw.httpUrl(), "-t", topic, "--from", "earliest",
        "-n", "7");
    assertThat(some.exitCode()).as(some.err()).isZero();
    assertThat(some.out().lines().toList()).hasSize(7).doesNotHaveDuplicates().isSubsetOf(expected);

    StdStreams keyed = run("", "subscribe", "--transport", "sse", "--url", gw.httpUrl(), "-t", topic, "-k", "k2",
        "--from", "earliest", "-n", "10", "--format", "json");
    assertThat(keyed.exitCode()).as(keyed.err()).isZero();
    java.util.List<io.vertx.core.json.JsonObject> objects = keyed.out().lines().map(io.vertx.core.json.JsonObject::new)
        .toList();
    assertThat(objects).allMatch(o -> "k2".equals(o.getString("key")));
    assertThat(objects.stream().map(o -> o.getString("data")).toList()).containsExactlyInAnyOrder("line-2", "line-6",
        "line-10", "line-14", "line-18", "line-22", "line-26", "line-30", "line-34", "line-38");

    StdStreams refused = run("", "subscribe", "--transport", "sse", "--url", gw.httpUrl(), "-t", "not-exposed");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("HTTP 403").contains("forbidden");
  }

  @Test
  void errorsExitNonZeroWithTheServersMessage() {
    StdStreams pub = run("x\n", "publish", "--url", gw.httpUrl(), "-t", "lc-no-such-topic");
    assertThat(pub.exitCode()).isEqualTo(1);
    assertThat(pub.err()).contains("not_found").contains("logcast topics create lc-no-such-topic");
    StdStreams sub = run("", "subscribe", "--url", gw.wsUrl(), "-t", "not-exposed");
    assertThat(sub.exitCode()).isEqualTo(1);
    assertThat(sub.err()).contains("forbidden");
  }

  @Test
  void probeSaysHelloAndExitsOnWelcome() {
    StdStreams probe = run("", "probe", "--url", gw.wsUrl(), "--timeout-seconds", "10");
    assertThat(probe.exitCode()).as(probe.err()).isZero();
    assertThat(probe.out()).startsWith("logcast probe: welcome from node test-");
  }

  @Test
  void probeFailsWhenNothingWelcomesIt() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    StdStreams refused = run("", "probe", "--url", "ws://127.0.0.1:" + closedPort + "/ws", "--timeout-seconds", "5");
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).startsWith("logcast probe: ws://127.0.0.1:" + closedPort + "/ws: ");

    StdStreams wrongPath = run("", "probe", "--url", gw.wsUrl().replace("/ws", "/nope"), "--timeout-seconds", "5");
    assertThat(wrongPath.exitCode()).isEqualTo(1);
    assertThat(wrongPath.err()).contains("HTTP 404 on the upgrade");
  }
}
