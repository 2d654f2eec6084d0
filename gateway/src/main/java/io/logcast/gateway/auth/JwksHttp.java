package io.logcast.gateway.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * GETs a JWKS document with the JDK's asynchronous HTTP client: its own threads, never an event
 * loop. Bounded in time and size; no redirects (a redirect could hand key selection to another host).
 */
final class JwksHttp implements Supplier<CompletionStage<byte[]>> {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  static final int MAX_BYTES = 512 * 1024;

  private final URI url;
  private static final AtomicInteger THREADS = new AtomicInteger();
  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER)
      // one fetch at a time (Jwks makes sure), so two named daemon threads are plenty
      .executor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "logcast-jwks-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      }))
      .build();

  JwksHttp(URI url) {
    this.url = url;
  }

  @Override
  public CompletionStage<byte[]> get() {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("accept", "application/json")
        .GET().build();
    LimitedBody body = new LimitedBody(MAX_BYTES);
    return client.sendAsync(request, info -> body).handle((response, error) -> {
      if (error != null) {
        // after our cancel the client may fail the exchange with its own "stream cancelled" first
        throw new java.util.concurrent.CompletionException(body.tooLarge != null ? body.tooLarge : error);
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + response.statusCode());
      }
      return response.body();
    });
  }

  /** The URL without user info or query (which could hold credentials), for logs. */
  static String redact(URI url) {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  /** Collects at most {@code max} bytes; a longer body fails the fetch instead of filling memory. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.Subscription subscription;
    private volatile IOException tooLarge;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer b : items) {
        if (out.size() + b.remaining() > max) {
          // fail first: cancelling makes the client fail the body with its own, vaguer error
          tooLarge = new IOException("JWKS document larger than " + max + " bytes");
          result.completeExceptionally(tooLarge);
          subscription.cancel();
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        out.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }
  }
}
