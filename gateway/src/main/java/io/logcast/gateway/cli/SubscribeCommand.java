package io.logcast.gateway.cli;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Like kafka-console-consumer, through the gateway's WebSocket, or its Server-Sent Events stream
 * ({@code --transport sse}, {@link SseSubscription}): each message becomes a stdout line.
 */
@Command(name = "subscribe", description = "Print a topic's messages, one per line.")
final class SubscribeCommand implements Callable<Integer> {
  enum Transport { websocket, sse }

  @Option(names = "--url", defaultValue = "ws://localhost:8080/ws",
      description = "WebSocket URL; with --transport sse the gateway's http(s) URL (a ws(s)://…/ws URL is "
          + "turned into its …/v1/stream) (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = "--transport", defaultValue = "websocket",
      description = "websocket, or sse: Server-Sent Events over plain HTTP (GET /v1/stream), for networks "
          + "that cut WebSockets; reconnects with Last-Event-ID (default: ${DEFAULT-VALUE})")
  Transport transport;

  @Option(names = "--retries", defaultValue = "10",
      description = "sse: reconnect attempts in a row before giving up (default: ${DEFAULT-VALUE})")
  int retries;

  @Option(names = {"-t", "--topic"}, required = true)
  String topic;

  @Option(names = {"-k", "--key"}, description = "only messages with this key")
  String key;

  @Option(names = "--from", defaultValue = "latest",
      description = "latest, earliest, snapshot (the latest record of every key of a compacted topic, then live; "
          + "WebSocket only), epoch milliseconds or an ISO-8601 instant (default: ${DEFAULT-VALUE})")
  String from;

  @Option(names = "--format", defaultValue = "data",
      description = "data (the value; strings unquoted) or json (the whole message object) (default: ${DEFAULT-VALUE})")
  MessagePrinter.Format format;

  @Option(names = {"-n", "--max-messages"}, description = "exit after this many messages")
  long maxMessages = Long.MAX_VALUE;

  @Option(names = "--token", description = "bearer token (default: $LOGCAST_TOKEN)")
  String token;

  private MessagePrinter printer;

  @Override
  public Integer call() throws Exception {
    Object start = startOf(from);
    String bearer = token != null ? token : System.getenv("LOGCAST_TOKEN");
    if (transport == Transport.sse) {
      printer = new MessagePrinter(format, maxMessages);
      String sseFrom = start instanceof JsonObject t ? "time:" + t.getLong("time") : (String) start;
      return new SseSubscription(SseSubscription.streamUri(url, topic, key, sseFrom), bearer, retries, printer).run();
    }
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .subprotocols("logcast.v1")
        .buildAsync(URI.create(url), listener(bearer, start))
        .join();
    int code = exitCode().join();
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    return code;
  }

  static Object startOf(String from) {
    if (from.equals("latest") || from.equals("earliest") || from.equals("snapshot")) {
      return from;
    }
    long ms = from.chars().allMatch(Character::isDigit) ? Long.parseLong(from) : Instant.parse(from).toEpochMilli();
    return new JsonObject().put("time", ms);
  }

  /** The WebSocket side of the command, with its printer (a test drives it over a fake socket). */
  WebSocket.Listener listener(String bearer, Object start) {
    printer = new MessagePrinter(format, maxMessages);
    return new Listener(bearer, start);
  }

  /** Completes with the command's exit code once the WebSocket subscription has ended. */
  CompletableFuture<Integer> exitCode() {
    return printer.done();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final String bearer;
    private final Object start;
    // java.net.http's WebSocket takes one text send at a time and fails the next while one is
    // pending: the subscribe must wait for the hello's send, or it is dropped when the welcome
    // comes back first and the command waits forever
    private CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(null);

    Listener(String bearer, Object start) {
      this.bearer = bearer;
      this.start = start;
    }

    @Override
    public void onOpen(WebSocket ws) {
      send(ws, new JsonObject().put("type", "hello").put("token", bearer).encode());
      ws.request(1);
    }

    private void send(WebSocket ws, String text) {
      sent = sent.thenCompose(w -> ws.sendText(text, true));
      sent.exceptionally(e -> {
        if (!printer.isDone()) { // a failed send fails every send chained after it: say it once
          Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
          System.err.println("logcast subscribe: cannot send to the gateway: "
              + (c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName()));
          printer.finish(1);
        }
        return null;
      });
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        for (String line : partial.toString().split("\n")) {
          handle(ws, new JsonObject(line));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    private void handle(WebSocket ws, JsonObject o) {
      switch (o.getString("type")) {
        case "welcome" -> {
          JsonObject sub = new JsonObject().put("type", "subscribe").put("id", 1).put("topic", topic).put("from", start);
          if (key != null) {
            sub.put("key", key);
          }
          send(ws, sub.encode());
        }
        default -> printer.handle(o);
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      if (status != WebSocket.NORMAL_CLOSURE) {
        System.err.println("logcast subscribe: closed by the gateway: " + status + " " + reason);
      }
      printer.finish(status == WebSocket.NORMAL_CLOSURE ? 0 : 1);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      System.err.println("logcast subscribe: " + error.getMessage());
      printer.finish(1);
    }
  }
}
