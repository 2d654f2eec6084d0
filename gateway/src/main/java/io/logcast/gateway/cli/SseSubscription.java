package io.logcast.gateway.cli;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code logcast subscribe --transport sse}: {@code GET /v1/stream} (docs/protocol.md, section 16),
 * read like a browser's EventSource. When the response ends or the connection fails, it waits the
 * server's {@code retry} delay and asks again with {@code Last-Event-ID}, so it goes on exactly
 * after the last event it printed, on whichever instance answers; a 5xx (draining, no instance
 * up) is retried the same way, at most {@code retries} attempts in a row. A 4xx ends it with its
 * error, as does a {@code close} the server means for good (token expired, disconnected).
 */
final class SseSubscription {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** close codes after which asking again cannot help: the token expired, an administrator said so */
  private static final java.util.Set<Integer> FINAL_CLOSES = java.util.Set.of(4010, 4003);

  private final URI uri;
  private final String bearer;
  private final int retries;
  private final MessagePrinter printer;
  private String lastEventId = "";
  private long retryMs = 1_000;
  private boolean closedForGood;

  SseSubscription(URI uri, String bearer, int retries, MessagePrinter printer) {
    this.uri = uri;
    this.bearer = bearer;
    this.retries = retries;
    this.printer = printer;
  }

  /** The stream URL of a subscription: {@code url} is the gateway's (http(s) or its ws(s)://…/ws). */
  static URI streamUri(String url, String topic, String key, String from) {
    URI u = URI.create(url);
    String scheme = switch (u.getScheme()) {
      case "ws" -> "http";
      case "wss" -> "https";
      default -> u.getScheme();
    };
    String path = u.getPath() == null || u.getPath().isEmpty() || u.getPath().equals("/") || u.getPath().endsWith("/ws")
        ? u.getPath().replaceAll("/(ws)?$", "") + "/v1/stream" : u.getPath();
    String sub = key == null ? topic : topic + "/" + key;
    return URI.create(scheme + "://" + u.getRawAuthority() + path + "?sub=" + enc(sub) + "&from=" + enc(from));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Streams until the printer is done or it gives up; returns the exit status. */
  int run() throws InterruptedException {
    int failures = 0;
    while (!printer.isDone()) {
      int status = once();
      if (printer.isDone()) {
        break;
      }
      if (closedForGood || (status >= 400 && status < 500)) {
        return 1;
      }
      failures = status == 200 ? 0 : failures + 1;
      if (failures > retries) {
        System.err.println("logcast subscribe: giving up after " + retries + " reconnect attempts");
        return 1;
      }
      System.err.println("logcast subscribe: " + (status == 200 ? "the stream ended" : "no stream")
          + "; reconnecting in " + retryMs + " ms" + (lastEventId.isEmpty() ? "" : " from the last event received"));
      TimeUnit.MILLISECONDS.sleep(retryMs); // the reconnect delay the server asked for
    }
    return printer.done().join();
  }

  /** One request and its stream: its HTTP status, 0 if it got none. */
  private int once() throws InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    if (bearer != null && !bearer.isEmpty()) {
      req.header("Authorization", "Bearer " + bearer);
    }
    if (!lastEventId.isEmpty()) {
      req.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> res;
    try {
      res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      System.err.println("logcast subscribe: " + uri.getHost() + ": " + e);
      return 0;
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      if (res.statusCode() != 200) {
        refused(res.statusCode(), in);
        return res.statusCode();
      }
      EventStreamParser parser = new EventStreamParser(lastEventId, (id, data) -> event(data), ms -> retryMs = ms);
      for (String line; !printer.isDone() && !closedForGood && (line = in.readLine()) != null; ) {
        parser.line(line);
        lastEventId = parser.lastEventId();
      }
    } catch (IOException e) {
      // the connection was cut: what was not received whole comes again after the reconnect
    }
    return 200;
  }

  private void event(String data) {
    JsonObject o = new JsonObject(data);
    if ("close".equals(o.getString("type"))) {
      int code = o.getInteger("code", 0);
      System.err.println("logcast subscribe: closed by the gateway: " + code + " " + o.getString("reason", ""));
      closedForGood = FINAL_CLOSES.contains(code);
      return;
    }
    printer.handle(o);
  }

  private static void refused(int status, BufferedReader in) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      body.append(line);
    }
    String why = body.toString();
    try {
      JsonObject e = new JsonObject(why);
      why = e.getString("code") + ": " + e.getString("message");
    } catch (RuntimeException notJson) {
      // a proxy's page: print it as it is
    }
    System.err.println("logcast subscribe: HTTP " + status + " " + why);
  }
}
