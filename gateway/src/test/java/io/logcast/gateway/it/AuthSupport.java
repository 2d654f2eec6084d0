package io.logcast.gateway.it;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.auth.TestTokens;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Configuration, tokens and connections for the auth integration tests (HS256 unless said otherwise). */
final class AuthSupport {
  static final String ORIGIN = "https://app.example.com";
  static final String ISSUER = "https://issuer.test";
  static final String AUDIENCE = "logcast";
  static final String ADMIN_KEY = "admin-key-for-tests-at-least-32-bytes";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private AuthSupport() {}

  /** JWT HS256, issuer and audience checked, no clock skew (expiry tests stay short), one web origin. */
  static Map<String, String> hs256Config() {
    Map<String, String> cfg = new HashMap<>();
    cfg.put("auth.mode", "jwt");
    cfg.put("auth.alg", "HS256");
    cfg.put("auth.hs256Secret", TestTokens.SECRET);
    cfg.put("auth.issuer", ISSUER);
    cfg.put("auth.audience", AUDIENCE);
    cfg.put("auth.clockSkewSeconds", "0");
    cfg.put("auth.origins", ORIGIN);
    cfg.put("auth.allowMissingOrigin", "true");
    cfg.put("auth.adminKey", ADMIN_KEY);
    return cfg;
  }

  static JsonArray list(String... items) {
    JsonArray a = new JsonArray();
    for (String i : items) {
      a.add(i);
    }
    return a;
  }

  static JsonObject claims(String sub, long ttlSeconds, JsonArray subscribe, JsonArray publish) {
    return TestTokens.claims(sub, ttlSeconds, subscribe, publish).put("iss", ISSUER).put("aud", AUDIENCE);
  }

  static String token(String sub, long ttlSeconds, JsonArray subscribe, JsonArray publish) {
    return TestTokens.hs256(TestTokens.SECRET, claims(sub, ttlSeconds, subscribe, publish));
  }

  /** Everything on the test topics, for an hour. */
  static String token(String sub) {
    return token(sub, 3_600, list(GatewayFixture.ALLOW), list(GatewayFixture.ALLOW));
  }

  /** A browser-like connection from the allowed origin. */
  static ProtocolClient connect(GatewayFixture gw) {
    return connect(gw, Map.of());
  }

  static ProtocolClient connect(GatewayFixture gw, Map<String, String> headers) {
    Map<String, String> h = new HashMap<>(headers);
    h.putIfAbsent("Origin", ORIGIN);
    return ProtocolClient.connect(gw.wsUrl(), h, ProtocolClient.SUBPROTOCOL);
  }

  static JsonObject hello(ProtocolClient c, String token) {
    return c.hello(token);
  }

  /** Sends hello with {@code token} and returns the close code; the reason is in {@code c.closeReason()}. */
  static int refusedHello(ProtocolClient c, String token) {
    c.send(new JsonObject().put("type", "hello").put("token", token));
    Integer code = c.awaitClose(GatewayFixture.WAIT);
    return code == null ? -1 : code;
  }

  static HttpResponse<String> http(String method, String url, Map<String, String> headers, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token, "content-type", "application/json");
  }
}
