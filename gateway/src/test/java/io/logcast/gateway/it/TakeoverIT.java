package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One session resumed at once on two instances (sessions in a real Hazelcast cluster), round after
 * round: whatever order the claims complete and the takeover messages arrive in, exactly one
 * connection keeps the session, and the others are closed 4011.
 */
class TakeoverIT {
  private static final int ROUNDS = 100;
  private static GatewayFixture a;
  private static GatewayFixture b;

  @BeforeAll
  static void start() {
    List<GatewayFixture> pair = GatewayFixture.pair("takeover-it", Map.of());
    a = pair.get(0);
    b = pair.get(1);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  private static JsonObject resume(JsonObject welcome) {
    return new JsonObject().put("type", "hello").putNull("token").put("resume", new JsonObject()
        .put("session", welcome.getString("session")).put("secret", welcome.getString("secret"))
        .put("subscriptions", new JsonArray()));
  }

  @Test
  void concurrentResumesOnTwoInstancesLeaveExactlyOneHolder() {
    int survivorsOnA = 0;
    for (int round = 0; round < ROUNDS; round++) {
      try (ProtocolClient first = a.connect(); ProtocolClient onA = a.connect(); ProtocolClient onB = b.connect()) {
        JsonObject welcome = first.hello();
        onA.send(resume(welcome));
        onB.send(resume(welcome));
        List<ProtocolClient> both = List.of(onA, onB);
        assertThat(Poll.within(WAIT, () -> first.isClosed() && both.stream().filter(ProtocolClient::isClosed).count() == 1))
            .as("round %d: the first connection and exactly one resume closed (first closed=%s, A=%s, B=%s)", round,
                first.isClosed(), onA.received(), onB.received()).isTrue();
        assertThat(first.awaitClose(WAIT)).isEqualTo(4011);
        ProtocolClient loser = onA.isClosed() ? onA : onB;
        ProtocolClient survivor = loser == onA ? onB : onA;
        assertThat(loser.awaitClose(WAIT)).as("round %d", round).isEqualTo(4011);
        // the survivor holds the session: it answers, and stays
        survivor.awaitType("welcome", WAIT);
        survivor.send(new JsonObject().put("type", "ping"));
        survivor.awaitType("pong", WAIT);
        assertThat(survivor.isClosed()).as("round %d: the survivor", round).isFalse();
        survivorsOnA += survivor == onA ? 1 : 0;
      }
    }
    // the sessions are in the cluster's map, owned by one member or the other (not counted twice)
    double entries = a.metric("logcast_session_store_entries{map=\"sessions\"") + b.metric(
        "logcast_session_store_entries{map=\"sessions\"");
    assertThat(entries).as("session entries owned by the two members").isBetween(1.0, 2.0 * ROUNDS + 1);
    assertThat(a.metric("logcast_session_store_bytes{map=\"sessions\"")
        + b.metric("logcast_session_store_bytes{map=\"sessions\"")).isPositive();
    // both orders happened: the race was run, not one side winning every time by construction
    System.out.printf("takeover rounds: %d, survivor on A %d times, on B %d times%n", ROUNDS, survivorsOnA,
        ROUNDS - survivorsOnA);
  }
}
