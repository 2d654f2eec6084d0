package io.logcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProtocolClientTest {
  private static final Duration T = Duration.ofSeconds(10);
  private static ScriptedServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new ScriptedServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void splitsACoalescedFrameIntoObjectsAndCountsOneFrame() {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"))) {
      JsonObject welcome = c.hello();

      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThat(c.awaitMessages(2, T)).extracting(m -> m.getLong("offset")).containsExactly(0L, 1L);
      assertThat(c.framesReceived()).isEqualTo(1);
      assertThat(c.received()).hasSize(3);
    }
  }

  @Test
  void awaitConsumesWhatItReturnsButLeavesSkippedObjectsForLaterAwaits() {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"))) {
      c.send(new JsonObject().put("type", "hello"));

      JsonObject second = c.await(o -> Long.valueOf(1).equals(o.getLong("offset")), T);
      JsonObject first = c.awaitType("message", T);
      JsonObject welcome = c.awaitType("welcome", T);

      assertThat(second.getLong("offset")).isEqualTo(1);
      assertThat(first.getLong("offset")).isEqualTo(0);
      assertThat(welcome.getString("type")).isEqualTo("welcome");
      assertThatThrownBy(() -> c.awaitType("message", Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out")
          .hasMessageContaining("\"type\":\"welcome\"");
    }
  }

  @Test
  void sendsUpgradeHeadersAndNegotiatesTheSubprotocol() {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"),
        Map.of("Authorization", "Bearer abc"), ProtocolClient.SUBPROTOCOL)) {
      assertThat(c.subProtocol()).isEqualTo(ProtocolClient.SUBPROTOCOL);
      assertThat(c.hello().getString("auth")).isEqualTo("Bearer abc");
    }
  }

  @Test
  void aRejectedUpgradeExposesTheHttpStatus() {
    assertThatThrownBy(() -> ProtocolClient.connect(server.url("/reject")))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
  }

  @Test
  void reportsTheServersCloseCodeAndFailsAwaitsFastOnceClosed() {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"))) {
      c.send(new JsonObject().put("type", "close").put("code", 4009));

      assertThat(c.awaitClose(T)).isEqualTo(4009);
      assertThat(c.isClosed()).isTrue();
      long start = System.nanoTime();
      assertThatThrownBy(() -> c.awaitType("welcome", T)).hasMessageContaining("connection closed");
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
  }

  @Test
  void aConnectionDroppedWithoutACloseFrameHasNoCloseCode() throws Exception {
    try (AbruptServer abrupt = new AbruptServer(); ProtocolClient c = ProtocolClient.connect(abrupt.url())) {
      c.sendRaw("bye");
      assertThat(c.awaitClose(T)).isNull();
    }
  }

  @Test
  void recordsPartsThatAreNotJsonObjectsAndBinaryMessages() {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"))) {
      c.send(new JsonObject().put("type", "raw").put("text", "{\"type\":\"pong\"}\nnot json\n"));

      assertThat(c.awaitType("pong", T)).isNotNull();
      List<JsonObject> invalid = List.of(c.awaitType("_invalid", T), c.awaitType("_invalid", T));
      assertThat(invalid).extracting(o -> o.getString("text")).containsExactly("not json", "");

      c.sendBinary(new byte[] {1, 2, 3});
      assertThat(c.awaitClose(T)).isEqualTo(1003);
    }
  }

  @Test
  void aPingIsAnsweredWithAPong() {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"))) {
      c.sendPing();
      // frames come back in order: once the echo is here, so is the pong sent before it
      c.send(new JsonObject().put("type", "echo"));
      c.awaitType("echo", T);
      assertThat(c.pongsReceived()).isEqualTo(1);
    }
  }

  @Test
  void aPausedClientDeliversNothingUntilResumed() throws Exception {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"))) {
      c.pause();
      c.send(new JsonObject().put("type", "burst").put("n", 3));
      // the client's socket answered the ping sent after the burst: the burst was read off the wire
      server.pongAfterBurst.get(10, TimeUnit.SECONDS);
      assertThat(c.received()).isEmpty();

      c.resume();
      assertThat(c.awaitMessages(3, T)).extracting(m -> m.getLong("offset")).containsExactly(0L, 1L, 2L);
    }
  }

  @Test
  void aPausedClientMakesTheServersWritesBackUp() throws Exception {
    try (ProtocolClient c = ProtocolClient.connect(server.url("/ws"))) {
      c.pause();
      c.send(new JsonObject().put("type", "flood").put("max", 2000));

      int written = server.floodBackedUp.get(30, TimeUnit.SECONDS);
      assertThat(written).as("messages written before the server's write queue filled").isPositive();

      c.resume();
      assertThat(c.awaitMessages(written, T)).hasSize(written);
    }
  }
}
