package io.logcast.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fails loudly when a Vert.x upgrade changes the non-public API the WebSocket endpoint relies on
 * (see {@link VertxInternals}): a request's Netty channel with Vert.x's handler named
 * {@code handler} last in its pipeline, dispatch inside a context, and Netty's event loops.
 */
class VertxInternalsTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void anHttp1RequestExposesItsChannelWithVertxHandlerWhereUpgradeReplacesIt() throws Exception {
    CompletableFuture<Channel> seen = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      seen.complete(VertxInternals.channel(req.connection()));
      req.response().end();
    });
    server.listen(0, "127.0.0.1").await();
    // Held in a variable and closed: Vert.x 5 closes a client once it is unreachable, which made the
    // request fail with "Pool closed" when a collection ran mid-request.
    HttpClient client = vertx.createHttpClient();
    try {
      client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
          .compose(r -> r.send()).await();
      Channel channel = seen.get(5, TimeUnit.SECONDS);
      assertThat(channel).isNotNull();
      assertThat(channel.pipeline().get("handler")).as("Upgrade replaces Vert.x's handler by this name").isNotNull();
    } finally {
      client.close().await();
      server.close().await();
    }
  }

  @Test
  void dispatchRunsCodeAsAHandlerOfTheContextAndRestoresWhatWasBefore() {
    Context context = vertx.getOrCreateContext();
    assertThat(Vertx.currentContext()).isNull();
    VertxInternals.Dispatcher d = VertxInternals.dispatcher(context);
    Object previous = d.begin();
    try {
      assertThat(Vertx.currentContext()).isSameAs(context);
    } finally {
      d.end(previous);
    }
    assertThat(Vertx.currentContext()).isNull();
  }

  @Test
  void theEventLoopsAreReachable() {
    assertThat(VertxInternals.eventLoops(vertx)).isNotNull();
    assertThat(VertxInternals.eventLoops(vertx).iterator().hasNext()).isTrue();
  }
}
