package io.logcast.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP side of JWKS fetching, against a local Vert.x server. */
class JwksHttpTest {
  private static Vertx vertx;
  private static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/jwks" -> req.response().putHeader("content-type", "application/json").end("{\"keys\":[]}");
        case "/huge" -> req.response().setChunked(true).end("x".repeat(JwksHttp.MAX_BYTES + 1));
        case "/redirect" -> req.response().setStatusCode(302).putHeader("location", "/jwks").end();
        default -> req.response().setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static byte[] get(String path) {
    return new JwksHttp(URI.create("http://127.0.0.1:" + server.actualPort() + path)).get()
        .toCompletableFuture().join();
  }

  @Test
  void fetchesTheDocument() {
    assertThat(new String(get("/jwks"))).isEqualTo("{\"keys\":[]}");
  }

  @Test
  void refusesTooLargeDocumentsNon200AndRedirects() {
    assertThatThrownBy(() -> get("/huge")).isInstanceOf(CompletionException.class).hasMessageContaining("larger than");
    assertThatThrownBy(() -> get("/missing")).isInstanceOf(CompletionException.class).hasMessageContaining("HTTP 404");
    assertThatThrownBy(() -> get("/redirect")).isInstanceOf(CompletionException.class).hasMessageContaining("HTTP 302");
  }

  @Test
  void logsNeverShowUserInfoOrQuery() {
    assertThat(JwksHttp.redact(URI.create("https://user:pw@idp.test:8443/keys?api_key=s3cret")))
        .isEqualTo("https://idp.test:8443/keys");
  }
}
