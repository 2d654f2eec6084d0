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
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Like kafka-console-consumer, through the gateway's WebSocket: each message becomes a stdout line. */
@Command(name = "subscribe", description = "Print a topic's messages, one per line.")
final class SubscribeCommand implements Callable<Integer> {
  enum Format { data, json }

  @Option(names = "--url", defaultValue = "ws://localhost:8080/ws", description = "WebSocket URL (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = {"-t", "--topic"}, required = true)
  String topic;

  @Option(names = {"-k", "--key"}, description = "only messages with this key")
  String key;

  @Option(names = "--from", defaultValue = "latest",
      description = "latest, earliest, epoch milliseconds or an ISO-8601 instant (default: ${DEFAULT-VALUE})")
  String from;

  @Option(names = "--format", defaultValue = "data",
      description = "data (the value; strings unquoted) or json (the whole message object) (default: ${DEFAULT-VALUE})")
  Format format;

  @Option(names = {"-n", "--max-messages"}, description = "exit after this many messages")
  long maxMessages = Long.MAX_VALUE;

  @Option(names = "--token", description = "bearer token (default: $LOGCAST_TOKEN)")
  String token;

  private final CompletableFuture<Integer> done = new CompletableFuture<>();
  private final AtomicLong printed = new AtomicLong();

  @Override
  public Integer call() throws Exception {
    Object start = startOf(from);
    String bearer = token != null ? token : System.getenv("LOGCAST_TOKEN");
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(10))
        .subprotocols("logcast.v1")
        .buildAsync(URI.create(url), new Listener(bearer, start))
        .join();
    int code = done.join();
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    return code;
  }

  static Object startOf(String from) {
    if (from.equals("latest") || from.equals("earliest")) {
      return from;
    }
    long ms = from.chars().allMatch(Character::isDigit) ? Long.parseLong(from) : Instant.parse(from).toEpochMilli();
    return new JsonObject().put("time", ms);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();
    private final String bearer;
    private final Object start;

    Listener(String bearer, Object start) {
      this.bearer = bearer;
      this.start = start;
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
          ws.sendText(sub.encode(), true);
        }
        case "message" -> {
          if (printed.get() >= maxMessages) {
            return; // the rest of a coalesced frame after the limit
          }
          System.out.println(format == Format.json ? o.encode() : text(o.getValue("data")));
          if (printed.incrementAndGet() >= maxMessages) {
            System.out.flush();
            done.complete(0);
          }
        }
        case "gap" -> System.err.println("logcast subscribe: gap " + o.encode());
        case "error" -> {
          System.err.println("logcast subscribe: " + o.getString("code") + ": " + o.getString("message"));
          done.complete(1);
        }
        default -> { }
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      if (status != WebSocket.NORMAL_CLOSURE) {
        System.err.println("logcast subscribe: closed by the gateway: " + status + " " + reason);
      }
      done.complete(status == WebSocket.NORMAL_CLOSURE ? 0 : 1);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      System.err.println("logcast subscribe: " + error.getMessage());
      done.complete(1);
    }
  }

  private static String text(Object data) {
    return data instanceof String s ? s : io.vertx.core.json.Json.encode(data);
  }
}
