package io.logcast.gateway.cli;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Connects, says hello and expects welcome, then exits: 0 and one line naming the node, or 1 and the
 * reason. The Helm chart's {@code helm test} hook runs it; it also suits a smoke test after a deploy.
 */
@Command(name = "probe", description = "Open a WebSocket, say hello, expect welcome, exit (0: welcomed).")
final class ProbeCommand implements Callable<Integer> {
  @Option(names = "--url", defaultValue = "ws://localhost:8080/ws", description = "WebSocket URL (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--token", description = "bearer token (default: $LOGCAST_TOKEN)")
  String token;

  @Option(names = "--origin", description = "Origin header to send, for a gateway with auth.origins and no missing-Origin allowance")
  String origin;

  @Option(names = "--timeout-seconds", defaultValue = "10", description = "give up after this long (default: ${DEFAULT-VALUE})")
  int timeoutSeconds;

  private final CompletableFuture<String> outcome = new CompletableFuture<>();

  @Override
  public Integer call() {
    String bearer = token != null ? token : System.getenv("LOGCAST_TOKEN");
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(timeoutSeconds))
        .subprotocols("logcast.v1");
    if (origin != null) {
      builder.header("Origin", origin);
    }
    WebSocket ws = null;
    try {
      ws = builder.buildAsync(URI.create(url), new Listener(bearer)).get(timeoutSeconds, TimeUnit.SECONDS);
      String node = outcome.get(timeoutSeconds, TimeUnit.SECONDS);
      System.out.println("logcast probe: welcome from node " + node);
      return 0;
    } catch (TimeoutException e) {
      System.err.println("logcast probe: no welcome within " + timeoutSeconds + " s from " + url);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      System.err.println("logcast probe: " + url + ": " + why(e.getCause() != null ? e.getCause() : e));
      return 1;
    } finally {
      if (ws != null) {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
      }
    }
  }

  private static String why(Throwable cause) {
    if (cause instanceof WebSocketHandshakeException h) {
      return "HTTP " + h.getResponse().statusCode() + " on the upgrade";
    }
    return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final String bearer;

    Listener(String bearer) {
      this.bearer = bearer;
    }

    @Override
    public void onOpen(WebSocket ws) {
      ws.sendText(new JsonObject().put("type", "hello").put("token", bearer).encode(), true);
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        for (String line : partial.toString().split("\n")) {
          JsonObject o = new JsonObject(line);
          switch (o.getString("type", "")) {
            case "welcome" -> outcome.complete(o.getString("node"));
            case "error" -> outcome.completeExceptionally(
                new IllegalStateException("the gateway answered " + o.getString("code") + ": " + o.getString("message")));
            default -> { }
          }
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      outcome.completeExceptionally(new IllegalStateException("closed by the gateway before welcome: " + status + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      outcome.completeExceptionally(error);
    }
  }
}
