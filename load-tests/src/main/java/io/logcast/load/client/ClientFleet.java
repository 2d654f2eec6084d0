package io.logcast.load.client;

import io.logcast.load.measure.Latencies;
import io.logcast.load.target.Protocol;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N non-blocking WebSocket clients on a few event loops, opened at a bounded rate, spread over
 * several loopback source addresses (127.1.p.1, 127.1.p.2, ... for generator process p) so that
 * more than ~28k connections to one server port do not run out of ephemeral ports on one address.
 */
public final class ClientFleet implements Subscribers, AutoCloseable {
  /** A frame may hold up to the gateway's coalescing limit (64 KiB); leave room. */
  private static final int MAX_FRAME_BYTES = 1024 * 1024;
  private static final int MAX_CONNECTS_IN_FLIGHT = 256;
  /** A stalled client's socket receive buffer: small, so the server feels the stall soon. */
  public static final int STALLED_RECEIVE_BUFFER_BYTES = 16 * 1024;

  /** What the fleet saw, summed over fast (not stalled) clients. */
  public record Totals(int clients, int stalled, int failedToConnect, long received, long duplicates, long lost,
      Map<Integer, Integer> closeCodes, long foreign) {}

  private final Vertx vertx;
  private final List<WebSocketClient> fast = new ArrayList<>();
  private final List<WebSocketClient> slow = new ArrayList<>();
  private final List<LoadClient> clients = new ArrayList<>();
  private final AtomicInteger failed = new AtomicInteger();

  public ClientFleet(int eventLoops, int sourceAddresses) {
    this(eventLoops, sourceAddresses, 0);
  }

  /** @param process which generator process this is (0 = the main one): it picks the 127.1.{process}.x addresses */
  public ClientFleet(int eventLoops, int sourceAddresses, int process) {
    // epoll, as the gateway: NIO's per-read overhead is the generator's, and it shares the box with the server
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops).setUseDaemonThread(true)
        .setPreferNativeTransport(true));
    if (!vertx.isNativeTransportEnabled()) {
      System.err.println("load: epoll unavailable, the generator's clients use NIO: " + vertx.unavailableNativeTransportCause());
    }
    for (int i = 0; i < Math.max(1, sourceAddresses); i++) {
      String local = sourceAddresses <= 1 && process == 0 ? null : "127.1." + process + "." + (i + 1);
      fast.add(vertx.createWebSocketClient(options(local)));
      slow.add(vertx.createWebSocketClient(options(local).setReceiveBufferSize(STALLED_RECEIVE_BUFFER_BYTES)));
    }
  }

  private static WebSocketClientOptions options(String localAddress) {
    WebSocketClientOptions o = new WebSocketClientOptions().setMaxFrameSize(MAX_FRAME_BYTES)
        .setMaxMessageSize(4 * MAX_FRAME_BYTES).setMaxConnections(Integer.MAX_VALUE).setConnectTimeout(30_000);
    return localAddress == null ? o : o.setLocalAddress(localAddress);
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Opens {@code n} clients at {@code perSecond}, the first {@code stalled} of them stalled right after
   * their subscription is confirmed; returns when all are subscribed or failed, or at the timeout.
   */
  public int connect(Protocol protocol, String topic, int n, int stalled, double perSecond, Latencies latencies,
      Duration timeout) throws InterruptedException {
    return connect(protocol, topic, 0, n, stalled, perSecond, latencies, timeout);
  }

  /** As above; with {@code keys} > 0 client i subscribes to key i % keys of the topic ({@link io.logcast.load.publish.Keys}), on the protocol's channel for it. */
  public int connect(Protocol protocol, String topic, int keys, int n, int stalled, double perSecond,
      Latencies latencies, Duration timeout) throws InterruptedException {
    return connect(protocol, List.of(topic), keys, n, stalled, perSecond, latencies, timeout);
  }

  /**
   * As above over several topics, whole: client i subscribes to {@code topics.get(i % T)} (the
   * mixed case); with one topic, to key i % keys of it.
   */
  public int connect(Protocol protocol, List<String> topics, int keys, int n, int stalled, double perSecond,
      Latencies latencies, Duration timeout) throws InterruptedException {
    if (keys > 0 && topics.size() > 1) {
      throw new IllegalArgumentException("--keys and --topics: one or the other");
    }
    int groups = keys > 0 ? keys : topics.size() > 1 ? topics.size() : 0;
    Semaphore inFlight = new Semaphore(MAX_CONNECTS_IN_FLIGHT);
    AtomicInteger done = new AtomicInteger();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = t0 + (long) (i / perSecond * 1e9);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      inFlight.acquire();
      boolean stall = i < stalled;
      LoadClient c = new LoadClient(protocol, latencies, stall, groups == 0 ? 0 : i % groups, groups, keys > 0);
      String topic = topics.get(i % topics.size());
      synchronized (clients) {
        clients.add(c);
      }
      List<WebSocketClient> pool = stall ? slow : fast;
      String channel = protocol.channel(topic, c.key());
      pool.get(i % pool.size()).connect(protocol.connectOptions(channel))
          .compose(ws -> {
            c.open(ws, channel);
            return c.subscribed();
          })
          .onComplete(ar -> {
            if (ar.failed()) {
              failed.incrementAndGet();
            }
            done.incrementAndGet();
            inFlight.release();
          });
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (done.get() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return done.get() - failed.get();
  }

  public int size() {
    synchronized (clients) {
      return clients.size();
    }
  }

  /** Clients closed by the server (or the network) so far. */
  public int closed() {
    synchronized (clients) {
      return (int) clients.stream().filter(c -> c.closeCode() >= 0).count();
    }
  }

  public int failed() {
    return failed.get();
  }

  /** Counters of the fast clients against {@code published} messages (each should have all of them). */
  public Totals totals(long published) {
    long received = 0;
    long dups = 0;
    long lost = 0;
    long foreign = 0;
    int stalled = 0;
    Map<Integer, Integer> codes = new TreeMap<>();
    List<LoadClient> snapshot;
    synchronized (clients) {
      snapshot = List.copyOf(clients);
    }
    for (LoadClient c : snapshot) {
      if (c.closeCode() >= 0) {
        codes.merge(c.closeCode(), 1, Integer::sum);
      }
      if (c.stalled()) {
        stalled++;
        continue;
      }
      received += c.received();
      dups += c.duplicates();
      foreign += c.foreign();
      lost += Math.max(0, c.expected(published) - c.received());
    }
    return new Totals(snapshot.size(), stalled, failed.get(), received, dups, lost, codes, foreign);
  }

  /** Closes every client (a normal close) and waits a little for the closes to go out. */
  public void closeClients() throws InterruptedException {
    List<LoadClient> snapshot;
    synchronized (clients) {
      snapshot = List.copyOf(clients);
      clients.clear();
    }
    snapshot.forEach(LoadClient::close); // WebSocket.close is thread-safe
    Thread.sleep(Math.min(5000, 200 + snapshot.size() / 10));
    failed.set(0);
  }

  @Override
  public void close() {
    try {
      closeClients();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    quietly(Future.join(fast.stream().map(WebSocketClient::close).toList()));
    quietly(Future.join(slow.stream().map(WebSocketClient::close).toList()));
    quietly(vertx.close());
  }

  private static void quietly(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
      // closing at the end of a run: nothing left to do about it
    }
  }
}
