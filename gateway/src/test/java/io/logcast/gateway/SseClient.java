package io.logcast.gateway;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Server-Sent Events reader for tests, like a browser's EventSource without its reconnect: the
 * events received (their {@code id}, their object), the comments, and the HTTP answer when the
 * stream was refused. {@link #pause} stops reading, so the server's buffer fills as for a stalled
 * browser tab.
 */
public final class SseClient implements AutoCloseable {
  /** One event: its {@code id} line (null if none) and its data object. */
  public record Event(String id, JsonObject data) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final List<Event> events = new ArrayList<>();
  private int comments;
  private int status;
  private String errorBody;
  private boolean ended;
  private boolean paused;
  private InputStream body;

  private SseClient() {}

  /** Opens {@code url} with {@code headers}; returns once the status is known. */
  public static SseClient open(String url, Map<String, String> headers) {
    SseClient c = new SseClient();
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    headers.forEach(req::header);
    try {
      HttpResponse<InputStream> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      c.status = res.statusCode();
      c.body = res.body();
      if (c.status != 200) {
        c.errorBody = new String(res.body().readAllBytes(), StandardCharsets.UTF_8);
        c.ended = true;
        return c;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot open " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    Thread reader = new Thread(c::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
    return c;
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1024)) {
      String id = null;
      String data = null;
      for (String line; (line = r.readLine()) != null; ) {
        awaitResume();
        if (line.isEmpty()) {
          if (data != null) {
            add(new Event(id, new JsonObject(data)));
          }
          id = null;
          data = null;
        } else if (line.startsWith(":")) {
          synchronized (this) {
            comments++;
          }
        } else if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
    } catch (IOException e) {
      // closed by close(), or the connection was cut
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  private synchronized void add(Event e) {
    events.add(e);
    notifyAll();
  }

  private synchronized void awaitResume() {
    while (paused) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops reading: the socket's buffers fill, then the server's. */
  public synchronized void pause() {
    paused = true;
  }

  public synchronized void resume() {
    paused = false;
    notifyAll();
  }

  public int status() {
    return status;
  }

  public JsonObject error() {
    return errorBody == null ? null : new JsonObject(errorBody);
  }

  public synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  /** The data objects of type message, in arrival order. */
  public synchronized List<JsonObject> messages() {
    return events.stream().map(Event::data).filter(d -> "message".equals(d.getString("type"))).toList();
  }

  public synchronized int comments() {
    return comments;
  }

  public synchronized boolean ended() {
    return ended;
  }

  /** The id of the last event that had one. */
  public synchronized String lastId() {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).id() != null) {
        return events.get(i).id();
      }
    }
    return null;
  }

  /** Waits until {@code condition} holds over the events, or the stream ended, or the timeout. */
  public synchronized boolean await(Predicate<List<Event>> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(events) && !ended) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return condition.test(events);
  }

  @Override
  public void close() {
    resume();
    try {
      if (body != null) {
        body.close();
      }
    } catch (IOException ignored) {
      // already closed
    }
  }
}
