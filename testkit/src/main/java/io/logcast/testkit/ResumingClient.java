package io.logcast.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * A Logcast session as an SDK keeps it, for tests and the load generator: one subscription (a
 * topic, optionally one key) that survives its connection. On any close but {@link #stop()} it
 * reconnects (after a jitter) and resumes with its session, secret and its own next offsets per
 * partition ({@code hello.resume}); when the server cannot resume, it subscribes again from that
 * position. It acks its position periodically and moves past announced {@code gap}s.
 *
 * <p>It records every delivery instead of de-duplicating: per partition, the set of offsets
 * received (from where the subscription started), and counts — never drops silently — a
 * redelivered offset ({@link #duplicates()}), a new offset below one already delivered
 * ({@link #reordered()}), a message outside its subscription ({@link #foreign()}) or outside what
 * it can place ({@link #untracked()}). Tests assert the set ({@link #received()}) and that those
 * counts are zero.
 *
 * <p>Non-blocking Vert.x: every instance lives on one event-loop context (taken when it is
 * created, reconnects included) and never blocks it. Many instances can share one Vertx and one
 * {@link WebSocketClient}. Its state is guarded by its monitor, taken once per frame on the event
 * loop and by the getters, which may be called from any thread. A delivery allocates nothing
 * beyond the parsed JSON object.
 *
 * <p>The protocol runs in {@link SessionProtocol} over a {@link ReconnectingSocket};
 * {@link Deliveries} and {@link ClientStats} keep what it saw, all under this monitor.
 */
public final class ResumingClient {
  /** The subscription and the client's timing. Delays are a minimum plus a random spread, in ms. */
  public record Settings(String topic, String key, long ackEveryMs, int reconnectMinMs, int reconnectSpreadMs,
      int retryMinMs, int retrySpreadMs) {
    /** Acks every second; reconnects 1 to 1000 ms after a close, like the SDK; retries a failed connect after 200 to 700 ms. */
    public static Settings of(String topic, String key) {
      return new Settings(topic, key, 1000, 1, 1000, 200, 500);
    }

    public Settings withAckEveryMs(long ms) {
      return new Settings(topic, key, ms, reconnectMinMs, reconnectSpreadMs, retryMinMs, retrySpreadMs);
    }

    /** The delay before reconnecting after a close. */
    public Settings withReconnect(int minMs, int spreadMs) {
      return new Settings(topic, key, ackEveryMs, minMs, spreadMs, retryMinMs, retrySpreadMs);
    }

    /** The delay before trying again after a failed connect (or upgrade). */
    public Settings withConnectRetry(int minMs, int spreadMs) {
      return new Settings(topic, key, ackEveryMs, reconnectMinMs, reconnectSpreadMs, minMs, spreadMs);
    }
  }

  /** One delivered record: its partition and offset (the topic and key are the subscription's). */
  public record Delivered(int partition, long offset) implements Comparable<Delivered> {
    @Override
    public int compareTo(Delivered o) {
      return partition != o.partition ? Integer.compare(partition, o.partition) : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
      return partition + "@" + offset;
    }
  }

  private final Settings settings;
  private final Deliveries deliveries = new Deliveries();
  private final ClientStats stats = new ClientStats();
  private final SessionProtocol protocol;

  /**
   * Creates the client on a context of its own (the caller's when it runs on one; else a new
   * event-loop context, so that many clients created from one thread spread over the event loops).
   */
  public ResumingClient(Vertx vertx, WebSocketClient client, WebSocketConnectOptions connect, Settings settings) {
    this.settings = settings;
    // this instance is the protocol's lock: the getters below and the event loop share one monitor
    this.protocol = new SessionProtocol(this, vertx, client, connect, settings, deliveries, stats);
  }

  /**
   * Options for a {@code ws://} or {@code wss://} URL offering the {@code logcast.v1} subprotocol,
   * with a timeout for the upgrade. Not changed by the client: one instance may serve many.
   */
  public static WebSocketConnectOptions connectOptions(String wsUrl, long timeoutMs) {
    return WsConnect.options(wsUrl, Map.of(), ProtocolClient.SUBPROTOCOL, timeoutMs);
  }

  // ---- commands, from any thread

  /** Connects; from then on it reconnects after every close until {@link #stop()}. */
  public void connect() {
    protocol.connect();
  }

  /**
   * Connects first to {@code firstTo} (one instance, say, bypassing the load balancer), and from then
   * on reconnects where the constructor's options say.
   */
  public void connect(WebSocketConnectOptions firstTo) {
    protocol.connect(firstTo);
  }

  /** Closes the connection (1001, going away); the client reconnects and resumes as after any close. */
  public void bounce() {
    protocol.bounce();
  }

  /** Stops acking and reconnecting, and closes normally. */
  public void stop() {
    protocol.stop();
  }

  // ---- what it saw, from any thread

  public Settings settings() {
    return settings;
  }

  /** Whether a {@code subscribed} ever arrived: the subscription's start is known. */
  public synchronized boolean started() {
    return protocol.started();
  }

  /** Whether the current connection has its subscription (false from a close to the next {@code subscribed}). */
  public synchronized boolean subscribed() {
    return protocol.subscribed();
  }

  /** Whether a connection is open and was welcomed. */
  public synchronized boolean connected() {
    return protocol.connected();
  }

  /** The node of the last welcome. */
  public synchronized String node() {
    return protocol.node();
  }

  public synchronized String session() {
    return protocol.session();
  }

  /** Whether the last welcome resumed the session (false: a fresh one). */
  public synchronized boolean lastResumed() {
    return protocol.lastResumed();
  }

  public synchronized int connects() {
    return stats.connects();
  }

  public synchronized int connectFailures() {
    return stats.connectFailures();
  }

  public synchronized String lastFailure() {
    return stats.lastFailure();
  }

  public synchronized int welcomes() {
    return stats.welcomes();
  }

  /** Welcomes that resumed the session asked for. */
  public synchronized int resumedTrue() {
    return stats.resumedTrue();
  }

  /** Welcomes that refused the resume asked for (a new session). */
  public synchronized int resumedFalse() {
    return stats.resumedFalse();
  }

  /** When the last close was seen, 0 if never. */
  public synchronized long closedAtMillis() {
    return stats.closedAtMillis();
  }

  /** When the first reconnect after the last close started (after the jitter). */
  public synchronized long reconnectAtMillis() {
    return stats.reconnectAtMillis();
  }

  /** When the WebSocket upgrade of the last reconnect completed, before its hello went out. */
  public synchronized long upgradedAtMillis() {
    return stats.upgradedAtMillis();
  }

  /** When the last welcome arrived. */
  public synchronized long welcomeAtMillis() {
    return stats.welcomeAtMillis();
  }

  /** When the last {@code welcome resumed:true} arrived, 0 if never. */
  public synchronized long resumedAtMillis() {
    return stats.resumedAtMillis();
  }

  /** How often each close code was seen (-1: none). */
  public synchronized Map<Integer, Integer> closeCodes() {
    return stats.closeCodes();
  }

  /**
   * What went wrong or differently, counted by kind: refused resumes and their reason, errors,
   * failed connects, socket errors, re-subscriptions, ignored objects.
   */
  public synchronized Map<String, Integer> notes() {
    return stats.notes();
  }

  /** The {@code gap} objects received. */
  public synchronized List<JsonObject> gaps() {
    return deliveries.gaps();
  }

  /** Offsets announced as gaps, summed. */
  public synchronized long gapRecords() {
    return deliveries.gapRecords();
  }

  /** Where the subscription started, per partition. */
  public synchronized Map<Integer, Long> start() {
    return deliveries.start();
  }

  /** The next offset per partition: what it acks and presents on resume. */
  public synchronized Map<Integer, Long> positions() {
    return deliveries.positions();
  }

  /** Every (partition, offset) received at least once. */
  public synchronized SortedSet<Delivered> received() {
    return deliveries.received();
  }

  /** How many distinct (partition, offset) were received: {@code received().size()}, without building it. */
  public synchronized long receivedCount() {
    return deliveries.receivedCount();
  }

  /**
   * Offsets of the partition in [its start, end) never received (announced gaps included); all of
   * [0, end) when the partition has no start.
   */
  public synchronized long missing(int partition, long end) {
    return deliveries.missing(partition, end);
  }

  /** Every message object received, whatever it was counted as. */
  public synchronized long delivered() {
    return deliveries.delivered();
  }

  /** Messages whose (partition, offset) had been received before. */
  public synchronized long duplicates() {
    return deliveries.duplicates();
  }

  /** New offsets that came after a higher one of the same partition. */
  public synchronized long reordered() {
    return deliveries.reordered();
  }

  /** Messages for another topic or key than the subscription's. */
  public synchronized long foreign() {
    return deliveries.foreign();
  }

  /** Messages without a partition and offset, or before the subscription's start. */
  public synchronized long untracked() {
    return deliveries.untracked();
  }

  @Override
  public synchronized String toString() {
    return settings.topic() + (settings.key() == null ? "" : "/" + settings.key()) + " session=" + protocol.session()
        + " node=" + protocol.node() + " connected=" + protocol.connected() + " " + stats + " " + deliveries
        + " notes=" + stats.notes();
  }
}
