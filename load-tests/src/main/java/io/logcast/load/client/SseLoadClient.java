package io.logcast.load.client;

import io.logcast.load.measure.Latencies;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.parsetools.RecordParser;
import java.util.BitSet;

/**
 * One load stream of {@code GET /v1/stream}: events split at their blank line, the generator's
 * markers found in each without decoding it (as {@link LoadClient} does in WebSocket frames). State
 * is touched on the connection's event loop only; the fleet reads the counters once the run is quiet.
 */
final class SseLoadClient implements PayloadScan.Sink {
  private static final String SUBSCRIBED = "\"type\":\"subscribed\"";
  private static final String CLOSE = "\"type\":\"close\"";
  /** No close event, the connection just ended: as a WebSocket's abnormal close. */
  private static final int ENDED = 1006;

  private final Latencies latencies;
  private final BitSet seen = new BitSet();
  private final Promise<Void> subscribed = Promise.promise();
  private volatile HttpClientRequest request;
  private long received;
  private long duplicates;
  private volatile int closeCode = -1;

  SseLoadClient(Latencies latencies) {
    this.latencies = latencies;
  }

  /** Reads the response's events; runs in the task that received its head. */
  Future<Void> open(HttpClientRequest req, HttpClientResponse res) {
    this.request = req;
    if (res.statusCode() != 200) {
      closeCode = res.statusCode();
      subscribed.tryFail("HTTP " + res.statusCode());
      return subscribed.future();
    }
    res.handler(RecordParser.newDelimited("\n\n", this::event));
    res.endHandler(v -> ended());
    res.exceptionHandler(e -> ended());
    return subscribed.future();
  }

  private void event(Buffer event) {
    if (!subscribed.future().isComplete()) {
      if (event.length() < 4096 && event.toString().contains(SUBSCRIBED)) {
        subscribed.tryComplete();
      }
      return;
    }
    if (PayloadScan.scan(event, this) == 0 && event.length() < 4096 && event.toString().contains(CLOSE)) {
      closeCode = code(event.toString());
    }
  }

  /** The close event's code, e.g. 4009 (too slow) or 1012 (draining). */
  private static int code(String event) {
    int at = event.indexOf("\"code\":");
    int end = at + 7;
    while (at >= 0 && end < event.length() && Character.isDigit(event.charAt(end))) {
      end++;
    }
    return at < 0 || end == at + 7 ? ENDED : Integer.parseInt(event.substring(at + 7, end));
  }

  private void ended() {
    if (closeCode < 0) {
      closeCode = ENDED;
    }
    subscribed.tryFail("ended before subscribed");
  }

  @Override
  public void payload(long seq, long publishNanos) {
    latencies.record((System.nanoTime() - publishNanos) / 1000);
    if (seq < 0 || seq > Integer.MAX_VALUE) {
      return;
    }
    if (seen.get((int) seq)) {
      duplicates++;
    } else {
      seen.set((int) seq);
      received++;
    }
  }

  long received() {
    return received;
  }

  long duplicates() {
    return duplicates;
  }

  int closeCode() {
    return closeCode;
  }

  /** Ends the stream from this side: a stream has no close frame, the connection goes. */
  void close() {
    if (request != null && closeCode < 0) {
      closeCode = 1000;
      request.connection().close();
    }
  }
}
