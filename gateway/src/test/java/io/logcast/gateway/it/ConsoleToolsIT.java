package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.cli.Main;
import io.logcast.gateway.cli.StdStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code logcast publish} and {@code logcast subscribe} through a live gateway, like Kafka's console tools. */
class ConsoleToolsIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start();
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
