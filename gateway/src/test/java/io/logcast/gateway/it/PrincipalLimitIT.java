package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.it.AuthSupport.connect;
import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** limits.maxConnectionsPerPrincipal: counted by session, refused with limit_exceeded then 1013. */
class PrincipalLimitIT {
  private static final int LIMIT = 3;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    Map<String, String> cfg = new HashMap<>(AuthSupport.hs256Config());
    cfg.put("limits.maxConnectionsPerPrincipal", Integer.toString(LIMIT));
    gw = GatewayFixture.start(cfg);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static List<ProtocolClient> open(String principal, int n) {
    List<ProtocolClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ProtocolClient c = connect(gw);
      c.hello(token(principal));
      clients.add(c);
    }
    return clients;
  }

  private static void assertRefused(String principal) {
    try (ProtocolClient c = connect(gw)) {
      c.send(new JsonObject().put("type", "hello").put("token", token(principal)));
      JsonObject error = c.awaitType("error", WAIT);
      assertThat(error.getString("code")).isEqualTo("limit_exceeded");
      assertThat(c.awaitClose(WAIT)).isEqualTo(1013);
      assertThat(GatewayFixture.ofType(c.received(), "welcome")).isEmpty();
    }
  }

  @Test
  void aTokenWhoseSubjectIsAnonymousIsCountedLikeAnyOther() {
    List<ProtocolClient> held = open("anonymous", LIMIT);
    try {
      assertRefused("anonymous");
    } finally {
      held.forEach(ProtocolClient::close);
    }
  }

  @Test
  void oneConnectionPastTheLimitIsRefusedAndAPlaceFreesWhenOneCloses() {
    List<ProtocolClient> alice = open("alice", LIMIT);
    try {
      assertRefused("alice");
      open("bob", 1).forEach(ProtocolClient::close); // another principal is not affected
      alice.remove(0).close();
      // the place is given back when the server sees the close: a few milliseconds
      long deadline = System.nanoTime() + WAIT.toNanos();
      JsonObject welcome = null;
      while (welcome == null && System.nanoTime() < deadline) {
        try (ProtocolClient c = connect(gw)) {
          c.send(new JsonObject().put("type", "hello").put("token", token("alice")));
          JsonObject answer = c.await(o -> "welcome".equals(o.getString("type")) || "error".equals(o.getString("type")), WAIT);
          welcome = "welcome".equals(answer.getString("type")) ? answer : null;
        }
      }
      assertThat(welcome).as("a place freed by a close is given to the next connection").isNotNull();
    } finally {
      alice.forEach(ProtocolClient::close);
    }
  }

  @Test
  void resumingOnesOwnOpenSessionAtTheLimitTakesItOverInsteadOfBeingRefused() {
    List<ProtocolClient> carol = open("carol", LIMIT);
    try {
      JsonObject first = carol.get(0).received().stream()
          .filter(o -> "welcome".equals(o.getString("type"))).findFirst().orElseThrow();
      JsonObject resume = new JsonObject().put("session", first.getString("session"))
          .put("secret", first.getString("secret")).put("subscriptions", new JsonArray());
      try (ProtocolClient again = connect(gw)) {
        again.send(new JsonObject().put("type", "hello").put("token", token("carol")).put("resume", resume));
        assertThat(again.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
        assertThat(carol.get(0).awaitClose(WAIT)).isEqualTo(4011);
        assertRefused("carol"); // still three sessions: the takeover did not free a place
      }
    } finally {
      carol.forEach(ProtocolClient::close);
    }
  }
}
