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
 * A Server-Sent Events reader for tests that reconnects like a browser's EventSource: when the
 * response ends or fails it waits the {@code retry} delay and requests the same URL again with
 * {@code Last-Event-ID} = the id of the last event dispatched (an event cut before its blank line
 * is not dispatched and does not move it). Unlike EventSource, a 5xx answer (nginx with no gateway
 * left, a draining gateway) is retried too, as the SDK does; a 4xx ends it. Consecutive failed
 * attempts are bounded. Every connection is recorded with the {@code X-Logcast-Upstream} header the
 * testkit's nginx adds (which gateway served it).
 */
public final class ReconnectingSseClient implements AutoCloseable {
  /** One dispatched event: the stream's last id when it was dispatched, its data object, its connection. */
  public record Event(String id, JsonObject data, int connection) {}

  /** One request: its status, the gateway that served it ("" without nginx), when it was answered. */
  public record Connection(int status, String upstream, long atMillis) {}

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final String url;
  private final Map<String, String> headers;
  private final int maxFailures;
  private final List<Event> events = new ArrayList<>();
  private final List<Connection> connections = new ArrayList<>();
  private String lastEventId = "";
  private long retryMs = 3_000; // EventSource's usual default until the server says otherwise
  private boolean closed;
  private boolean ended;
  private InputStream body;

  private ReconnectingSseClient(String url, Map<String, String> headers, int maxFailures) {
    this.url = url;
    this.headers = headers;
    this.maxFailures = maxFailures;
  }

  /** Starts reading {@code url}; gives up after {@code maxFailures} failed attempts in a row. */
  public static ReconnectingSseClient open(String url, Map<String, String> headers, int maxFailures) {
    ReconnectingSseClient c = new ReconnectingSseClient(url, headers, maxFailures);
    Thread t = new Thread(c::run, "reconnecting-sse-client");
    t.setDaemon(true);
    t.start();
    return c;
  }

  private void run() {
    int failures = 0;
    try {
      while (!isClosed() && failures < maxFailures) {
        int status = connectAndRead();
        if (status >= 400 && status < 500) {
          return; // the request itself is refused: retrying cannot help
        }
        failures = status == 200 ? 0 : failures + 1;
        awaitRetry();
      }
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** One connection: returns its status (0 when it could not connect), after its body ended. */
  private int connectAndRead() {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    headers.forEach(req::header);
    String resumeFrom = lastId();
    if (!resumeFrom.isEmpty()) {
      req.header("Last-Event-ID", resumeFrom);
    }
    HttpResponse<InputStream> res;
    try {
      res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      record(new Connection(0, "", System.currentTimeMillis()));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    int index = record(new Connection(res.statusCode(), res.headers().firstValue("X-Logcast-Upstream").orElse(""),
        System.currentTimeMillis()));
    synchronized (this) {
      body = res.body();
      if (closed) {
        closeBody();
      }
    }
    if (res.statusCode() == 200) {
      read(res.body(), index);
    } else {
      closeBody();
    }
    return res.statusCode();
  }

  /** The event-stream parser of the HTML standard, for the fields this gateway sends. */
  private void read(InputStream in, int connection) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 8192)) {
      String idBuffer = lastId(); // until this connection sends an id, the last one holds
      StringBuilder data = new StringBuilder();
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isEmpty()) {
          dispatch(idBuffer, data, connection);
          data.setLength(0);
        } else if (line.startsWith("id:")) {
          idBuffer = value(line, 3);
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(value(line, 5));
        } else if (line.startsWith("retry:") && value(line, 6).matches("[0-9]+")) {
          synchronized (this) {
            retryMs = Long.parseLong(value(line, 6));
          }
        }
      }
    } catch (IOException e) {
      // cut (a killed gateway, a reloaded nginx) or closed by close(): what was not dispatched is dropped
    }
  }

  private static String value(String line, int from) {
    return line.startsWith(" ", from) ? line.substring(from + 1) : line.substring(from);
  }

  private synchronized void dispatch(String id, StringBuilder data, int connection) {
    lastEventId = id;
    if (!data.isEmpty()) {
      events.add(new Event(id, new JsonObject(data.toString()), connection));
      notifyAll();
    }
  }

  private synchronized int record(Connection c) {
    connections.add(c);
    notifyAll();
    return connections.size() - 1;
  }

  /** The reconnect delay; close() ends it early. */
  private synchronized void awaitRetry() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryMs);
    try {
      for (long left; !closed && (left = deadline - System.nanoTime()) > 0; ) {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  public synchronized String lastId() {
    return lastEventId;
  }

  public synchronized List<Event> events() {
    return new ArrayList<>(events);
  }

  public synchronized List<Connection> connections() {
    return new ArrayList<>(connections);
  }

  /** Whether it gave up (a 4xx, or too many failed attempts in a row) or was closed. */
  public synchronized boolean ended() {
    return ended;
  }

  /** Waits until {@code condition} holds over the events, or it ended, or the timeout. */
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

  private void closeBody() {
    InputStream in;
    synchronized (this) {
      in = body;
    }
    try {
      if (in != null) {
        in.close();
      }
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    closeBody();
  }
}
