package io.logcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.ResumingClient.Delivered;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResumingClientTest {
  private static final String TOPIC = "orders";
  private static final String EPOCH = "E1";
  private FakeGateway gw;
  private Vertx vertx;
  private WebSocketClient ws;

  @BeforeEach
  void start() throws Exception {
    gw = new FakeGateway();
    vertx = Vertx.vertx();
    ws = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    gw.close();
  }

  private ResumingClient client(String key) {
    return new ResumingClient(vertx, ws, ResumingClient.connectOptions(gw.url(), 5_000),
        ResumingClient.Settings.of(TOPIC, key).withAckEveryMs(50).withReconnect(1, 10).withConnectRetry(10, 10));
  }

  private static JsonObject welcome(String session, boolean resumed, String node) {
    return new JsonObject().put("type", "welcome").put("session", session).put("secret", "secret-" + session)
        .put("resumed", resumed).put("node", node).put("heartbeat", 25_000);
  }

  private static JsonObject subscribed(Integer id, String key, JsonObject offsets) {
    JsonObject o = new JsonObject().put("type", "subscribed").put("topic", TOPIC).put("epoch", EPOCH)
        .put("recovered", true).putNull("reason").put("offsets", offsets);
    if (key != null) {
      o.put("key", key);
    }
    return id == null ? o : o.put("id", id);
  }

  private static JsonObject message(String topic, String key, int partition, long offset) {
    return new JsonObject().put("type", "message").put("topic", topic).put("key", key).put("partition", partition)
        .put("offset", offset).put("timestamp", 1L).put("data", new JsonObject().put("n", offset));
  }

  private static void await(String what, BooleanSupplier condition) {
    Poll.until(System.nanoTime() + TimeUnit.SECONDS.toNanos(10), condition, () -> new IllegalStateException("timed out: " + what));
  }

  /** Connects a client and starts its subscription at partition 0 offset 10, partition 1 offset 0. */
  private ResumingClient subscribedClient(String key) throws InterruptedException {
    ResumingClient c = client(key);
    c.connect();
    JsonObject hello = gw.next("hello");
    assertThat(hello.containsKey("resume")).isFalse();
    assertThat(hello.containsKey("token")).isTrue();
    gw.send(welcome("s1", false, "n1"));
    JsonObject sub = gw.next("subscribe");
    assertThat(sub.getString("topic")).isEqualTo(TOPIC);
    assertThat(sub.getString("key")).isEqualTo(key);
    assertThat(sub.getValue("from")).isEqualTo("latest");
    gw.send(subscribed(sub.getInteger("id"), key, new JsonObject().put("0", 10).put("1", 0)));
    await("started", c::started);
    return c;
  }

  @Test
  void subscribesRecordsEveryDeliveryAndAcksItsPosition() throws Exception {
    ResumingClient c = subscribedClient("k1");
    gw.send(message(TOPIC, "k1", 0, 10), message(TOPIC, "k1", 1, 0), message(TOPIC, "k1", 0, 11));

    await("3 records", () -> c.receivedCount() == 3);
    JsonObject ack;
    do {
      ack = gw.next("ack");
    } while (!ack.getJsonObject("offsets").equals(new JsonObject().put("0", 12).put("1", 1)));
    assertThat(ack.getString("topic")).isEqualTo(TOPIC);
    assertThat(ack.getString("key")).isEqualTo("k1");
    assertThat(c.received()).containsExactly(new Delivered(0, 10), new Delivered(0, 11), new Delivered(1, 0));
    assertThat(c.start()).isEqualTo(Map.of(0, 10L, 1, 0L));
    assertThat(c.positions()).isEqualTo(Map.of(0, 12L, 1, 1L));
    assertThat(c.delivered()).isEqualTo(3);
    assertThat(c.duplicates() + c.reordered() + c.foreign() + c.untracked()).isZero();
    assertThat(c.node()).isEqualTo("n1");
    assertThat(c.session()).isEqualTo("s1");

    c.stop();
    await("closed", () -> !c.connected());
    Thread.sleep(200);
    assertThat(gw.connections()).as("no reconnect after stop").isEqualTo(1);
  }

  @Test
  void afterACloseItResumesWithItsPositionAndCountsARedeliveryAsADuplicate() throws Exception {
    ResumingClient c = subscribedClient("k1");
    gw.send(message(TOPIC, "k1", 0, 10), message(TOPIC, "k1", 0, 11));
    await("2 records", () -> c.receivedCount() == 2);

    gw.close(1012);
    JsonObject resume = gw.next("hello").getJsonObject("resume");
    assertThat(resume.getString("session")).isEqualTo("s1");
    assertThat(resume.getString("secret")).isEqualTo("secret-s1");
    assertThat(resume.getJsonArray("subscriptions").getList()).hasSize(1);
    assertThat(resume.getJsonArray("subscriptions").getJsonObject(0)).isEqualTo(new JsonObject().put("topic", TOPIC)
        .put("key", "k1").put("epoch", EPOCH).put("offsets", new JsonObject().put("0", 12).put("1", 0)));
    gw.send(welcome("s1", true, "n2"), subscribed(null, "k1", new JsonObject().put("0", 12).put("1", 0)),
        message(TOPIC, "k1", 0, 11), message(TOPIC, "k1", 0, 12));

    await("4 deliveries", () -> c.delivered() == 4);
    assertThat(c.duplicates()).isEqualTo(1);
    assertThat(c.received()).containsExactly(new Delivered(0, 10), new Delivered(0, 11), new Delivered(0, 12));
    assertThat(c.resumedTrue()).isEqualTo(1);
    assertThat(c.resumedFalse()).isZero();
    assertThat(c.node()).isEqualTo("n2");
    assertThat(c.closeCodes()).isEqualTo(Map.of(1012, 1));
    assertThat(c.closedAtMillis()).isPositive();
    assertThat(c.reconnectAtMillis()).isGreaterThanOrEqualTo(c.closedAtMillis());
    assertThat(c.resumedAtMillis()).isGreaterThanOrEqualTo(c.upgradedAtMillis());
    assertThat(gw.drain("subscribe", 200)).as("no subscribe after a resume").isEmpty();
  }

  @Test
  void aRefusedResumeSubscribesAgainFromItsOwnPosition() throws Exception {
    ResumingClient c = subscribedClient(null);
    gw.send(message(TOPIC, "a", 0, 10), message(TOPIC, null, 1, 0));
    await("2 records", () -> c.receivedCount() == 2);

    c.bounce();
    assertThat(gw.next("hello").getJsonObject("resume").getString("session")).isEqualTo("s1");
    gw.send(welcome("s2", false, "n1").put("reason", "expired"));
    JsonObject sub = gw.next("subscribe");
    assertThat(sub.containsKey("key")).isFalse();
    assertThat(sub.getValue("from")).isEqualTo(new JsonObject().put("epoch", EPOCH)
        .put("offsets", new JsonObject().put("0", 11).put("1", 1)));
    gw.send(subscribed(sub.getInteger("id"), null, new JsonObject().put("0", 11).put("1", 1)));

    await("subscribed again", c::subscribed);
    assertThat(c.resumedFalse()).isEqualTo(1);
    assertThat(c.session()).isEqualTo("s2");
    assertThat(c.notes()).containsEntry("resume refused: expired", 1)
        .containsEntry("subscribed again after a refused resume, recovered=true", 1);
    assertThat(c.start()).as("the subscription's origin stays").isEqualTo(Map.of(0, 10L, 1, 0L));
  }

  @Test
  void gapsReorderingAndStrayMessagesAreCountedNeverDropped() throws Exception {
    ResumingClient c = subscribedClient(null);
    gw.send(new JsonObject().put("type", "gap").put("topic", TOPIC).put("partition", 0).put("from", 10).put("to", 13)
        .put("reason", "retention"), message(TOPIC, null, 0, 15), message(TOPIC, null, 0, 14),
        message(TOPIC, null, 0, 9), message("other", null, 0, 16), message(TOPIC, null, 0, 15));

    await("5 deliveries", () -> c.delivered() == 5);
    assertThat(c.gaps()).hasSize(1);
    assertThat(c.gapRecords()).isEqualTo(3);
    assertThat(c.received()).containsExactly(new Delivered(0, 14), new Delivered(0, 15));
    assertThat(List.of(c.reordered(), c.untracked(), c.foreign(), c.duplicates())).containsExactly(1L, 1L, 1L, 1L);
    assertThat(c.positions()).containsEntry(0, 16L);
    assertThat(c.missing(0, 16)).as("10..13 (the gap)").isEqualTo(4);
    assertThat(c.missing(1, 5)).isEqualTo(5);
  }
}
