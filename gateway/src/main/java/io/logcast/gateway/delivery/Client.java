package io.logcast.gateway.delivery;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.ws.Socket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * One socket's delivery side: its subscriptions (and so its positions), what is queued for its
 * next write, and whether it keeps up. The shard it lives on feeds it; when its socket fills, the
 * shard is told ({@link Shard#congested}) and serves its subscriptions from the log until it drains.
 * Lives on its shard's event loop.
 */
public final class Client {
  /** What a client needs from the shard that feeds it. */
  public interface Shard {
    /** The client has something queued: write it at the end of the current task. */
    void dirty(Client client);

    /** The client's socket is full: stop feeding it live. */
    void congested(Client client);

    /** The congested socket can take writes again: catch its subscriptions up. */
    void drained(Client client);
  }

  private final Outbound transport;
  private final Shard shard;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final Overlaps overlaps = new Overlaps();
  private boolean congested;
  /** How the connection that owns this client closes it (so its close is counted); null: directly. */
  private java.util.function.BiConsumer<CloseCode, String> closer;
  /** When this client last fell behind the live stream (its socket filled); 0 while live. */
  private long behindSinceMs;
  /** Told when the client falls behind, so its owner watches its lag (null: nobody). */
  private Runnable onBehind;
  /** The shard's write cycle this client last wrote in (the shard's pacing asks). */
  private int writtenCycle = Integer.MIN_VALUE;

  public Client(Socket socket, Shard shard, GatewayMetrics metrics, FrameBuilder frames) {
    this(new Transport(socket, metrics, frames), shard);
  }

  public Client(Outbound transport, Shard shard) {
    this.transport = transport;
    this.shard = shard;
  }

  /** An encoded protocol object (a gap, a subscribed): written at the end of the shard's task. */
  public void enqueue(byte[] object) {
    if (transport.enqueue(object)) {
      shard.dirty(this);
    }
  }

  /** {@code before}: the subscription's cursor before it took the record. */
  void enqueue(Subscription sub, int p, EncodedRecord record, long before) {
    if (transport.enqueue(sub.topic(), p, overlaps.mark(sub, p, record, before))) {
      shard.dirty(this);
    }
  }

  void enqueue(Subscription sub, int p, Segment segment) {
    if (transport.enqueue(sub.topic(), p, segment)) {
      shard.dirty(this);
    }
  }

  /**
   * Notes that this client writes in the shard's write cycle {@code cycle}; true if it also wrote
   * in the one before (records keep coming for it, so a wait would let them share its frames).
   */
  public boolean writesAgainIn(int cycle) {
    boolean again = writtenCycle == cycle - 1;
    writtenCycle = cycle;
    return again;
  }

  /** Writes what is queued; a socket that fills here demotes the client until it drains. */
  public void flush() {
    transport.flush();
    if (!congested && transport.congested()) {
      congested = true;
      shard.congested(this);
      transport.whenWritable(() -> {
        congested = false;
        shard.drained(this);
      });
    }
  }

  /** Sends a control object now, after anything already queued. */
  public void send(JsonObject object) {
    transport.send(object);
  }

  public boolean congested() {
    return congested;
  }

  /** The socket filled: the client is now behind the live stream, served from the log. */
  public void markBehind(long nowMs) {
    if (behindSinceMs == 0) {
      behindSinceMs = nowMs;
      if (onBehind != null) {
        onBehind.run();
      }
    }
  }

  public void onBehind(Runnable watcher) {
    this.onBehind = watcher;
  }

  /** Called when a partition goes live: the clock stops once every partition is live again. */
  public void maybeCaughtUp() {
    if (behindSinceMs == 0) {
      return;
    }
    for (Subscription sub : subscriptions) {
      if (!sub.allLive()) {
        return;
      }
    }
    behindSinceMs = 0;
  }

  /** When the client fell behind the live stream; 0 while it keeps up. */
  public long behindSinceMs() {
    return behindSinceMs;
  }

  public List<Subscription> subscriptions() {
    return subscriptions;
  }

  /**
   * True if this connection holds a whole-topic and keyed subscriptions of {@code topic}: its
   * whole-topic records are then written one by one, marked with whom they are for, not as the
   * shared batch.
   */
  public boolean overlaps(String topic) {
    return overlaps.overlaps(topic);
  }

  /**
   * Before a live batch of {@code topic}'s partition {@code p} goes out record by record: the live
   * keyed subscriptions that overlap the whole-topic one start level with it at {@code livePos}.
   */
  public void levelOverlaps(String topic, int p, long livePos) {
    overlaps.level(topic, p, livePos);
  }

  void added(Subscription sub) {
    subscriptions.add(sub);
    overlaps.added(sub);
  }

  void removed(Subscription sub) {
    subscriptions.remove(sub);
    overlaps.removed(sub);
  }

  public boolean isClosed() {
    return transport.isClosed();
  }

  /** The close handshake has begun: nothing more is written. */
  public void markClosed() {
    transport.markClosed();
  }

  /** Writes what is queued, then a close frame. */
  public void close(CloseCode code, String reason) {
    transport.close(code, reason);
  }

  /** Who closes this client when the delivery side must (a catch-up that cannot go on). */
  public void closer(java.util.function.BiConsumer<CloseCode, String> owner) {
    this.closer = owner;
  }

  /** Asks the owner to close: the delivery side's way to end a connection it cannot serve. */
  public void requestClose(CloseCode code, String reason) {
    if (closer != null) {
      closer.accept(code, reason);
    } else {
      close(code, reason);
    }
  }

  public void ping() {
    transport.ping();
  }
}
