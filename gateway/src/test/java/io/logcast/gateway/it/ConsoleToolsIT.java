package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

  private record Run(int code, String out, String err) {}

  private static Run run(String stdin, String... args) {
    InputStream in = System.in;
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      return new Run(Main.run(args), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(in);
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void linesPublishedComeBackAsLines() {
    String topic = GatewayFixture.topic(2);
    Run pub = run("plain text\n{\"n\":2}\norder-9\t{\"s\":\"paid\"}\n", "publish", "--url", gw.httpUrl(), "-t", topic,
        "-k", "k1", "--key-separator", "\t", "-H", "source=cli");
    assertThat(pub.code()).as(pub.err()).isZero();

    Run sub = run("", "subscribe", "--url", gw.wsUrl(), "-t", topic, "--from", "earliest", "-n", "3");
    assertThat(sub.code()).as(sub.err()).isZero();
    assertThat(sub.out().lines()).containsExactlyInAnyOrder("plain text", "{\"n\":2}", "{\"s\":\"paid\"}");

    Run keyed = run("", "subscribe", "--url", gw.wsUrl(), "-t", topic, "-k", "order-9", "--from", "earliest", "-n", "1",
        "--format", "json");
    assertThat(keyed.code()).isZero();
    assertThat(keyed.out()).contains("\"key\":\"order-9\"").contains("\"source\":\"cli\"");
  }

  @Test
  void errorsExitNonZeroWithTheServersMessage() {
    Run pub = run("x\n", "publish", "--url", gw.httpUrl(), "-t", "lc-no-such-topic");
    assertThat(pub.code()).isEqualTo(1);
    assertThat(pub.err()).contains("not_found");
    Run sub = run("", "subscribe", "--url", gw.wsUrl(), "-t", "not-exposed");
    assertThat(sub.code()).isEqualTo(1);
    assertThat(sub.err()).contains("forbidden");
  }
}
