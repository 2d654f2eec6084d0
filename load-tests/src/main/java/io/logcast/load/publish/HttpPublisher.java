package io.logcast.load.publish;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * POSTs each payload as one message to an HTTP endpoint with a bounded number in flight (the
 * pacing thread waits for a slot); message {@code seq} goes to endpoint {@code seq % n} (a topic
 * or a peer's channel per key, as {@link Keys} spreads keys). Used for Logcast's
 * {@code POST /v1/topics/{t}/messages} (body {@code {"data":<payload>}}) and for peers that publish
 * over HTTP (Nchan: the raw payload).
 */
public final class HttpPublisher implements Publisher {
  public static final int MAX_IN_FLIGHT = 64;

  private final HttpClient client;
  private final RequestOptions[] requests;
  private final boolean wrapAsLogcastMessage;
  private final Context context;
  private final Semaphore slots = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicLong failures = new AtomicLong();

  public HttpPublisher(Vertx vertx, List<String> urls, boolean wrapAsLogcastMessage) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT));
    this.requests = urls.stream().map(URI::create).map(uri -> new RequestOptions().setMethod(HttpMethod.POST)
        .setHost(uri.getHost()).setPort(uri.getPort()).setURI(uri.getRawPath()).setConnectTimeout(5_000)
        .setIdleTimeout(10_000).putHeader("content-type", wrapAsLogcastMessage ? "application/json" : "text/plain"))
        .toArray(RequestOptions[]::new);
    this.context = vertx.getOrCreateContext();
    this.wrapAsLogcastMessage = wrapAsLogcastMessage;
  }

  @Override
  public void publish(long seq, long nanos, byte[] payload) {
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Buffer body = wrapAsLogcastMessage
        ? Buffer.buffer("{\"data\":").appendBytes(payload).appendString("}")
        : Buffer.buffer(payload);
    // every request from one context: requests issued from the pacing thread each got a context of
    // their own, and after some seconds the pool stopped handing out its connections (all slots hung)
    RequestOptions request = requests[(int) (seq % requests.length)];
    context.runOnContext(v -> send(request, body));
  }

  private void send(RequestOptions request, Buffer body) {
    client.request(request)
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> resp.statusCode()))
        .onComplete(ar -> {
          slots.release();
          if (ar.failed() || ar.result() >= 300) {
            failures.incrementAndGet();
          }
        });
  }

  @Override
  public long failures() {
    return failures.get();
  }

  @Override
  public void close() {
    try {
      slots.tryAcquire(MAX_IN_FLIGHT, 10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
