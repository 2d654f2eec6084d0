package io.logcast.gateway.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Like kafka-console-producer, through the gateway's HTTP API: each stdin line becomes a message. */
@Command(name = "publish", description = "Publish stdin lines as messages (a line that is JSON is sent as JSON, "
    + "any other line as a string).")
final class PublishCommand implements Callable<Integer> {
  private static final int BATCH_LINES = 100;

  @Option(names = "--url", defaultValue = "http://localhost:8080", description = "gateway base URL (default: ${DEFAULT-VALUE})")
  String url;

  @Option(names = {"-t", "--topic"}, required = true)
  String topic;

  @Option(names = {"-k", "--key"}, description = "key of every message")
  String key;

  @Option(names = "--key-separator", description = "split each line into key and value at the first occurrence")
  String keySeparator;

  @Option(names = {"-H", "--header"}, description = "header name=value (repeatable)")
  Map<String, String> headers = Map.of();

  @Option(names = "--token", description = "bearer token (default: $LOGCAST_TOKEN)")
  String token;

  @Option(names = {"-v", "--verbose"}, description = "print topic/partition@offset of each message")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String bearer = token != null ? token : System.getenv("LOGCAST_TOKEN");
    URI endpoint = URI.create(url.replaceAll("/+$", "") + "/v1/topics/" + topic + "/messages");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    JsonArray batch = new JsonArray();
    String line;
    while ((line = in.readLine()) != null) {
      if (!line.isBlank()) {
        batch.add(message(line));
      }
      // send when the batch is full or nothing more is waiting, so interactive use is immediate
      if (batch.size() >= BATCH_LINES || (!batch.isEmpty() && !in.ready())) {
        if (!send(http, endpoint, bearer, batch)) {
          return 1;
        }
        batch = new JsonArray();
      }
    }
    return batch.isEmpty() || send(http, endpoint, bearer, batch) ? 0 : 1;
  }

  private JsonObject message(String line) {
    String k = key;
    String value = line;
    if (keySeparator != null && line.contains(keySeparator)) {
      int i = line.indexOf(keySeparator);
      k = line.substring(0, i);
      value = line.substring(i + keySeparator.length());
    }
    JsonObject m = new JsonObject().put("data", parse(value));
    if (k != null) {
      m.put("key", k);
    }
    if (!headers.isEmpty()) {
      m.put("headers", new JsonObject(Map.copyOf(headers)));
    }
    return m;
  }

  private static Object parse(String value) {
    try {
      return Json.decodeValue(value);
    } catch (DecodeException e) {
      return value;
    }
  }

  private boolean send(HttpClient http, URI endpoint, String bearer, JsonArray batch) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(batch.encode()));
    if (bearer != null) {
      req.header("authorization", "Bearer " + bearer);
    }
    HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      System.err.println("logcast publish: HTTP " + res.statusCode() + " " + errorText(res.body())
          + (res.statusCode() == 404 ? " (topics are not created on first use: `logcast topics create " + topic + "`)" : ""));
      return false;
    }
    if (verbose) {
      new JsonArray(res.body()).forEach(o -> {
        JsonObject r = (JsonObject) o;
        System.err.println(r.getString("topic") + "/" + r.getInteger("partition") + "@" + r.getLong("offset"));
      });
    }
    return true;
  }

  private static String errorText(String body) {
    try {
      JsonObject e = new JsonObject(body);
      return e.getString("code") + ": " + e.getString("message");
    } catch (RuntimeException ex) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }
}
