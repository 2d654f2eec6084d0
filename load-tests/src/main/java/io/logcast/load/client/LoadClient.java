package io.logcast.load.client;

import io.logcast.load.measure.Latencies;
import io.logcast.load.publish.Keys;
import io.logcast.load.target.Protocol;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import java.util.BitSet;

/**
 * One load connection. All its state is touched on its own event loop only; the fleet reads the
 * counters after the run has gone quiet. Sequences are tracked in a bit set, so duplicates are
 * exact even where a target reorders (HTTP publishes in flight together).
 */
final class LoadClient implements PayloadScan.Sink {
  private final Protocol protocol;
  private final Latencies latencies;
  private final boolean stalled;
  /**
   * This client wants the records whose sequence is {@code keyIndex} modulo {@code keys} (0 keys:
   * all): those of its key, or of its topic when each group of clients has a topic of its own.
   */
  private final int keyIndex;
  private final int keys;
  /** Whether it subscribes to its key inside a topic (else to a whole topic). */
  private final boolean keyed;
  private final BitSet seen = new BitSet();
  private final Promise<Void> subscribed = Promise.promise();
  private WebSocket ws;
  private String topic;
  private long received;
  private long duplicates;
  /** Records of another key or topic, which the target should not have sent here. */
  private long foreign;
  private volatile int closeCode = -1;

  LoadClient(Protocol protocol, Latencies latencies, boolean stalled) {
    this(protocol, latencies, stalled, 0, 0, false);
  }

  LoadClient(Protocol protocol, Latencies latencies, boolean stalled, int keyIndex, int keys, boolean keyed) {
    this.protocol = protocol;
    this.latencies = latencies;
    this.stalled = stalled;
    this.keyIndex = keyIndex;
    this.keys = keys;
    this.keyed = keyed;
  }

  /** The key this client subscribes to, or null for the whole topic (see {@code Keys}). */
  String key() {
    return keyed && keys > 0 ? Keys.name(keyIndex) : null;
  }

  /** How many of {@code published} messages (sequences 0..published-1) this client should get. */
  long expected(long published) {
    return keys == 0 ? published : Keys.count(keyIndex, keys, published);
  }

  /**
   * Installs the handlers and sends the opening frames on {@code topic}, the protocol's channel for
   * this client's key; runs in the task that completed the upgrade.
   */
  void open(WebSocket socket, String topic) {
    this.ws = socket;
    this.topic = topic;
    socket.handler(this::frame);
    socket.closeHandler(v -> {
      Short code = socket.closeStatusCode();
      closeCode = code == null ? 1006 : code;
      subscribed.tryFail("closed before subscribed: " + closeCode);
    });
    socket.exceptionHandler(e -> { });
    for (String f : protocol.openingFrames(topic, key())) {
      socket.writeTextMessage(f);
    }
    if (protocol.subscribedOnOpen()) {
      confirmed();
    }
  }

  private void confirmed() {
    subscribed.tryComplete();
    if (stalled) {
      stall();
    }
  }

  io.vertx.core.Future<Void> subscribed() {
    return subscribed.future();
  }

  /** Stops reading the socket: Vert.x stops reading TCP once its small inbound queue is full. */
  void stall() {
    ws.pause();
  }

  private void frame(Buffer frame) {
    String reply = protocol.reply(frame, topic);
    if (reply != null) {
      ws.writeTextMessage(reply);
    }
    if (!subscribed.future().isComplete() && protocol.confirmsSubscription(frame)) {
      confirmed();
    }
    if (!stalled) {
      PayloadScan.scan(frame, this);
    }
  }

  @Override
  public void payload(long seq, long publishNanos) {
    latencies.record((System.nanoTime() - publishNanos) / 1000);
    if (seq < 0 || seq > Integer.MAX_VALUE) {
      return;
    }
    // grouped: bit seq / keys, so the set grows with this group's records, not with every record published
    // (10,000 clients × every sequence made the generator's heap, and its GC pauses, the measurement)
    if (keys > 0 && seq % keys != keyIndex) {
      foreign++;
      return;
    }
    int bit = (int) (keys == 0 ? seq : seq / keys);
    if (seen.get(bit)) {
      duplicates++;
    } else {
      seen.set(bit);
      received++;
    }
  }

  long foreign() {
    return foreign;
  }

  boolean stalled() {
    return stalled;
  }

  long received() {
    return received;
  }

  long duplicates() {
    return duplicates;
  }

  /** The close code the client saw (1006 for an abnormal close), -1 while open. */
  int closeCode() {
    return closeCode;
  }

  void close() {
    if (ws != null && closeCode < 0) {
      ws.close();
    }
  }
}
