package io.logcast.load.client;

import io.logcast.load.measure.Latencies;
import io.logcast.load.target.Protocol;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N Server-Sent Events streams of a Logcast gateway ({@code GET /v1/stream?sub=<topic>}), on the
 * event loops of a {@link ClientFleet}'s Vert.x, opened at a bounded rate: the SSE side of a fan-out
 * run, counted like the WebSocket clients. Loopback, one source address (a stream is one
 * connection; the fan-out runs hold about a thousand). No stalled streams.
 */
public final class SseFleet implements Subscribers, AutoCloseable {
  private static final int MAX_CONNECTS_IN_FLIGHT = 256;

  private final HttpClient http;
  private final URI base;
  private final List<SseLoadClient> clients = new ArrayList<>();
  private final AtomicInteger failed = new AtomicInteger();

  public SseFleet(Vertx vertx, String httpUrl) {
    this.base = URI.create(httpUrl);
    // every stream holds its connection for the whole run: the pool must not queue them
    this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(30_000),
        new PoolOptions().setHttp1MaxSize(1_000_000));
  }

  @Override
  public int connect(Protocol ignored, String topic, int n, int stalled, double perSecond, Latencies latencies,
      Duration timeout) throws InterruptedException {
    if (stalled > 0) {
      throw new IllegalArgumentException("the SSE fleet has no stalled streams");
    }
    Semaphore inFlight = new Semaphore(MAX_CONNECTS_IN_FLIGHT);
    CountDownLatch done = new CountDownLatch(n);
    String uri = base.getRawPath().replaceAll("/$", "") + "/v1/stream?sub=" + URLEncoder.encode(topic,
        StandardCharsets.UTF_8) + "&from=latest";
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long wait = t0 + (long) (i / perSecond * 1e9) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait); // pacing the connects, not polling
      }
      inFlight.acquire();
      SseLoadClient c = new SseLoadClient(latencies);
      synchronized (clients) {
        clients.add(c);
      }
      http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost()).setPort(base.getPort())
              .setURI(uri).putHeader("Accept", "text/event-stream"))
          .compose(req -> req.send().compose(res -> c.open(req, res)))
          .onComplete(ar -> {
            if (ar.failed()) {
              failed.incrementAndGet();
            }
            done.countDown();
            inFlight.release();
          });
    }
    done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return (int) (n - done.getCount()) - failed.get();
  }

  @Override
  public int size() {
    synchronized (clients) {
      return clients.size();
    }
  }

  @Override
  public ClientFleet.Totals totals(long published) {
    long received = 0;
    long dups = 0;
    long lost = 0;
    Map<Integer, Integer> codes = new TreeMap<>();
    List<SseLoadClient> snapshot;
    synchronized (clients) {
      snapshot = List.copyOf(clients);
    }
    for (SseLoadClient c : snapshot) {
      if (c.closeCode() >= 0) {
        codes.merge(c.closeCode(), 1, Integer::sum);
      }
      received += c.received();
      dups += c.duplicates();
      lost += Math.max(0, published - c.received());
    }
    return new ClientFleet.Totals(snapshot.size(), 0, failed.get(), received, dups, lost, codes, 0);
  }

  @Override
  public void closeClients() throws InterruptedException {
    List<SseLoadClient> snapshot;
    synchronized (clients) {
      snapshot = List.copyOf(clients);
      clients.clear();
    }
    snapshot.forEach(SseLoadClient::close);
    // the closes go out on the event loops; give them the time the WebSocket fleet gives its own
    TimeUnit.MILLISECONDS.sleep(Math.min(5000, 200 + snapshot.size() / 10));
    failed.set(0);
  }

  @Override
  public void close() {
    try {
      closeClients();
      http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
      // closing at the end of a run: nothing left to do about it
    }
  }
}
