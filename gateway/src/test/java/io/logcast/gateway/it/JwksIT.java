package io.logcast.gateway.it;

import static io.logcast.gateway.it.AuthSupport.connect;
import static io.logcast.gateway.it.AuthSupport.refusedHello;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.auth.TestTokens;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * RS256 with keys from a JWKS URL served by a local Vert.x server that counts its fetches. The
 * tests run in order: they share the gateway's key cache, which is what they are about.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JwksIT {
  private static final long MAX_AGE_S = 3;
  private static final long COOLDOWN_S = 1;
  private static final KeyPair K1 = TestTokens.rsa();
  private static final KeyPair K2 = TestTokens.rsa();
  private static final KeyPair STRANGER = TestTokens.rsa();
  private static final AtomicReference<JsonObject> SERVED = new AtomicReference<>(
      TestTokens.jwks(TestTokens.jwk(K1.getPublic(), "k1")));
  private static final AtomicInteger FETCHES = new AtomicInteger();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Vertx vertx;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    HttpServer jwks = vertx.createHttpServer().requestHandler(req -> {
      FETCHES.incrementAndGet();
      req.response().putHeader("content-type", "application/json").end(SERVED.get().encode());
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Map<String, String> cfg = new HashMap<>();
    cfg.put("auth.mode", "jwt");
    cfg.put("auth.alg", "RS256");
    cfg.put("auth.jwksUrl", "http://127.0.0.1:" + jwks.actualPort() + "/jwks");
    cfg.put("auth.jwksMaxAgeSeconds", Long.toString(MAX_AGE_S));
    cfg.put("auth.jwksRefreshCooldownSeconds", Long.toString(COOLDOWN_S));
    cfg.put("auth.clockSkewSeconds", "0");
    cfg.put("auth.origins", AuthSupport.ORIGIN);
    cfg.put("auth.allowMissingOrigin", "true");
    gw = GatewayFixture.start(cfg);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static String token(PrivateKey key, String kid) {
    return TestTokens.rs256(key, kid, TestTokens.claims("alice", 600, AuthSupport.list(), AuthSupport.list()));
  }

  /** HTTP publish with the token: 403 (no publish claim) means the token was accepted, 401 refused. */
  private static CompletableFuture<HttpResponse<String>> probe(String token) {
    return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(gw.httpUrl() + "/v1/topics/lc-none/messages"))
        .header("Authorization", "Bearer " + token).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"data\":1}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int status(String token) {
    return probe(token).join().statusCode();
  }

  /** Probes until the status is {@code want}; returns the milliseconds it took. */
  private static long untilStatus(String token, int want, long deadlineMs) {
    long start = System.currentTimeMillis();
    while (status(token) != want) {
      assertThat(System.currentTimeMillis() - start).as("waiting for HTTP " + want).isLessThan(deadlineMs);
    }
    return System.currentTimeMillis() - start;
  }

  @Test
  @Order(1)
  void validTokenAndAlgorithmConfusion() {
    try (ProtocolClient c = connect(gw)) {
      assertThat(c.hello(token(K1.getPrivate(), "k1")).getString("type")).isEqualTo("welcome");
    }
    // the RS256 public key (as an attacker can fetch it from the JWKS) used as an HS256 secret
    String pem = TestTokens.pem(K1.getPublic());
    JsonObject claims = TestTokens.claims("alice", 600, null, null);
    try (ProtocolClient c = connect(gw)) {
      assertThat(refusedHello(c, TestTokens.hs256(pem, TestTokens.header("HS256", "k1"), claims))).isEqualTo(4001);
      assertThat(c.closeReason()).isEqualTo("unauthorized: algorithm not accepted");
    }
    try (ProtocolClient c = connect(gw)) {
      assertThat(refusedHello(c, TestTokens.hs256(pem, TestTokens.header("RS256", "k1"), claims))).isEqualTo(4001);
      assertThat(c.closeReason()).isEqualTo("unauthorized: invalid signature");
    }
  }

  @Test
  @Order(2)
  void keyRotation() {
    // a new kid appears: the first token naming it triggers one refresh (after the cooldown)
    SERVED.set(TestTokens.jwks(TestTokens.jwk(K1.getPublic(), "k1"), TestTokens.jwk(K2.getPublic(), "k2")));
    int before = FETCHES.get();
    untilStatus(token(K2.getPrivate(), "k2"), 403, 10_000);
    assertThat(FETCHES.get() - before).isEqualTo(1);
    // k1 leaves the document; tokens keep naming only k1 (no unknown kid to trigger anything):
    // it must stop verifying within the cache's max age
    SERVED.set(TestTokens.jwks(TestTokens.jwk(K2.getPublic(), "k2")));
    long tookMs = untilStatus(token(K1.getPrivate(), "k1"), 401, MAX_AGE_S * 1_000 + 5_000);
    assertThat(tookMs).isLessThanOrEqualTo(MAX_AGE_S * 1_000 + 1_000);
    HttpResponse<String> refused = probe(token(K1.getPrivate(), "k1")).join();
    assertThat(new JsonObject(refused.body()).getString("message")).isEqualTo("unknown signing key");
    assertThat(status(token(K2.getPrivate(), "k2"))).isEqualTo(403);
    System.out.printf("JWKS rotation: removed key refused %d ms after it left the document (max age %d s)%n",
        tookMs, MAX_AGE_S);
  }

  @Test
  @Order(3)
  void unknownKidFloodDoesNotAmplifyFetches() throws Exception {
    int n = 2_000;
    int before = FETCHES.get();
    long start = System.nanoTime();
    Semaphore inFlight = new Semaphore(64);
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      inFlight.acquire();
      all.add(probe(token(STRANGER.getPrivate(), "made-up-" + i)).whenComplete((r, e) -> inFlight.release()));
    }
    // and over WebSockets too
    for (int i = 0; i < 10; i++) {
      try (ProtocolClient c = connect(gw)) {
        assertThat(refusedHello(c, token(STRANGER.getPrivate(), "ws-made-up-" + i))).isEqualTo(4001);
        assertThat(c.closeReason()).isEqualTo("unauthorized: unknown signing key");
      }
    }
    for (CompletableFuture<HttpResponse<String>> f : all) {
      HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(new JsonObject(r.body()).getString("message")).isEqualTo("unknown signing key");
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    int fetches = FETCHES.get() - before;
    System.out.printf("JWKS flood: %d tokens with unknown kids (+10 sockets) in %d ms -> %d JWKS fetch(es), "
        + "cooldown %d s%n", n, elapsedMs, fetches, COOLDOWN_S);
    // at most one fetch per cooldown period started during the flood (plus the one it may begin with)
    assertThat(fetches).isLessThanOrEqualTo(1 + (int) (elapsedMs / (COOLDOWN_S * 1_000)));
    assertThat(status(token(K2.getPrivate(), "k2"))).isEqualTo(403);
  }
}
