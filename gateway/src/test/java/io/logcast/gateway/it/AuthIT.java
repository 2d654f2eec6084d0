package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.it.AuthSupport.claims;
import static io.logcast.gateway.it.AuthSupport.connect;
import static io.logcast.gateway.it.AuthSupport.list;
import static io.logcast.gateway.it.AuthSupport.refusedHello;
import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.auth.TestTokens;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens at hello (every refusal class is 4001 with its reason), token sources, resume, expiry and refresh. */
class AuthIT {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(AuthSupport.hs256Config());
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** Hello with {@code token} is refused with 4001 and a reason naming the class, never the token. */
  private static void refused(String token, String reason) {
    try (ProtocolClient c = connect(gw)) {
      assertThat(refusedHello(c, token)).isEqualTo(4001);
      assertThat(c.closeReason()).isEqualTo("unauthorized: " + reason);
      if (token != null && !token.isEmpty()) {
        assertThat(c.closeReason()).doesNotContain(token);
      }
    }
  }

  @Test
  void missingToken() {
    refused(null, "missing token");
  }

  @Test
  void malformedToken() {
    refused("not-a-jwt", "malformed token");
    refused("a.b.c", "malformed token");
  }

  @Test
  void wrongSignature() {
    refused(TestTokens.hs256("a-different-secret-of-at-least-32-bytes!", claims("alice", 60, null, null)),
        "invalid signature");
  }

  @Test
  void expiredAtHelloIs4001Not4010() {
    refused(token("alice", -10, null, null), "token expired");
  }

  @Test
  void notYetValid() {
    refused(TestTokens.hs256(TestTokens.SECRET, claims("alice", 120, null, null)
        .put("nbf", TestTokens.nowSeconds() + 60)), "token not yet valid");
  }

  @Test
  void wrongIssuerAndAudience() {
    refused(TestTokens.hs256(TestTokens.SECRET, claims("alice", 60, null, null).put("iss", "https://evil.test")),
        "wrong issuer");
    refused(TestTokens.hs256(TestTokens.SECRET, claims("alice", 60, null, null).put("aud", "someone-else")),
        "wrong audience");
  }

  @Test
  void algNone() {
    refused(TestTokens.unsigned(claims("alice", 60, null, null)), "algorithm not accepted");
  }

  @Test
  void validTokenGivesAWelcome() {
    try (ProtocolClient c = connect(gw)) {
      assertThat(c.hello(token("alice")).getBoolean("resumed")).isFalse();
    }
  }

  @Test
  void tokenFromTheAuthorizationHeaderOfTheUpgrade() {
    try (ProtocolClient c = connect(gw, Map.of("Authorization", "Bearer " + token("alice")))) {
      assertThat(c.hello(null).getString("type")).isEqualTo("welcome");
    }
    // hello.token is preferred over the header
    try (ProtocolClient c = connect(gw, Map.of("Authorization", "Bearer garbage"))) {
      assertThat(c.hello(token("alice")).getString("type")).isEqualTo("welcome");
    }
  }

  @Test
  void queryParameterTokenIsIgnoredWhileOff() {
    try (ProtocolClient c = ProtocolClient.connect(gw.wsUrl() + "?access_token=" + token("alice"),
        Map.of("Origin", AuthSupport.ORIGIN), null)) {
      assertThat(refusedHello(c, null)).isEqualTo(4001);
      assertThat(c.closeReason()).isEqualTo("unauthorized: missing token");
    }
  }

  @Test
  void resumeOfAnotherPrincipalsSessionIsRefused() {
    JsonObject welcome;
    try (ProtocolClient alice = connect(gw)) {
      welcome = alice.hello(token("alice"));
    }
    JsonObject resume = new JsonObject().put("session", welcome.getString("session"))
        .put("secret", welcome.getString("secret")).put("subscriptions", new JsonArray());
    try (ProtocolClient bob = connect(gw)) {
      bob.send(new JsonObject().put("type", "hello").put("token", token("bob")).put("resume", resume));
      JsonObject w = bob.awaitType("welcome", WAIT);
      assertThat(w.getBoolean("resumed")).isFalse();
      assertThat(w.getString("reason")).isEqualTo("principal");
      assertThat(w.getString("session")).isNotEqualTo(welcome.getString("session"));
    }
    try (ProtocolClient alice = connect(gw)) {
      alice.send(new JsonObject().put("type", "hello").put("token", token("alice")).put("resume", resume));
      assertThat(alice.awaitType("welcome", WAIT).getBoolean("resumed")).isTrue();
    }
  }

  @Test
  void expiryMidConnectionWithAndWithoutRefresh() {
    // both tokens expire in 2 s; only one connection refreshes in time
    try (ProtocolClient plain = connect(gw); ProtocolClient refreshing = connect(gw)) {
      plain.hello(token("alice", 2, null, null));
      refreshing.hello(token("alice", 2, null, null));
      refreshing.send(new JsonObject().put("type", "refresh").put("id", 1)
          .put("token", token("alice", 3_600, null, null)));
      assertThat(refreshing.awaitType("refreshed", WAIT).getLong("id")).isEqualTo(1L);
      assertThat(plain.awaitClose(WAIT)).isEqualTo(4010);
      assertThat(plain.closeReason()).isEqualTo("token expired");
      // the first deadline has passed (the plain connection is gone): the refreshed one still answers
      refreshing.send(new JsonObject().put("type", "ping"));
      refreshing.awaitType("pong", WAIT);
      assertThat(refreshing.isClosed()).isFalse();
    }
  }

  @Test
  void refreshWithAnotherPrincipalOrABadTokenIsAnErrorAndTheConnectionStays() {
    try (ProtocolClient c = connect(gw)) {
      c.hello(token("alice"));
      c.send(new JsonObject().put("type", "refresh").put("id", 5).put("token", token("mallory")));
      JsonObject e = c.awaitType("error", WAIT);
      assertThat(e.getLong("id")).isEqualTo(5L);
      assertThat(e.getString("code")).isEqualTo("unauthorized");
      assertThat(e.getString("message")).isEqualTo("the token is for another principal");
      String expired = token("alice", -5, null, null);
      c.send(new JsonObject().put("type", "refresh").put("id", 6).put("token", expired));
      JsonObject e2 = c.awaitType("error", WAIT);
      assertThat(e2.getString("code")).isEqualTo("unauthorized");
      assertThat(e2.getString("message")).isEqualTo("token expired").doesNotContain(expired);
      c.send(new JsonObject().put("type", "ping"));
      c.awaitType("pong", WAIT);
    }
  }
}
