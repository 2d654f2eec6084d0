package io.logcast.gateway.auth;

import io.logcast.gateway.config.AuthConfig.Alg;
import java.security.Key;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a JWKS URL, cached by {@code kid}, shared by every event loop.
 *
 * <ul>
 *   <li>A cached set is trusted for {@code maxAge} after it was fetched; after that none of its keys
 *       verify until a fetch succeeds, so a key removed from the JWKS stops verifying within maxAge.
 *   <li>Past half of maxAge a lookup that hits starts a refresh in the background, so rotation and
 *       expiry rarely make a client wait.
 *   <li>A miss (unknown {@code kid}) starts a refresh — at most one at a time, and at most one per
 *       {@code cooldown}: a flood of tokens with made-up kids costs one fetch per cooldown, not one
 *       per token. Misses during the cooldown fail at once; misses during a fetch wait for it.
 * </ul>
 */
public final class Jwks implements KeySource {
  private static final Logger LOG = LoggerFactory.getLogger(Jwks.class);
  /** Lookups waiting for one fetch; beyond this they fail at once, so a flood holds bounded memory. */
  static final int MAX_WAITERS = 10_000;

  private final Alg alg;
  private final Supplier<CompletionStage<byte[]>> fetch;
  private final long maxAgeMs;
  private final long cooldownMs;
  private final LongSupplier clockMs;
  private final String source;
  private final AtomicLong fetches = new AtomicLong();
  private final AtomicInteger waiters = new AtomicInteger();

  // guarded by this
  private Map<String, PublicKey> keys = Map.of();
  private boolean fetchedOnce;
  private long fetchedAtMs;
  private boolean attempted;
  private long lastAttemptMs;
  private CompletableFuture<Void> inFlight;

  /** @param source where the keys come from, for logs (a redacted URL) */
  public Jwks(Alg alg, Supplier<CompletionStage<byte[]>> fetch, long maxAgeMs, long cooldownMs, LongSupplier clockMs,
      String source) {
    this.alg = alg;
    this.fetch = fetch;
    this.maxAgeMs = maxAgeMs;
    this.cooldownMs = cooldownMs;
    this.clockMs = clockMs;
    this.source = source;
  }

  /** Fetches at start-up so the first clients do not wait; a failure is logged, not fatal. */
  public void prefetch() {
    synchronized (this) {
      start(clockMs.getAsLong());
    }
  }

  /** Fetches started so far (the JWKS fetch counter). */
  public long fetches() {
    return fetches.get();
  }

  @Override
  public CompletionStage<List<Key>> keys(String kid) {
    CompletableFuture<Void> pending;
    synchronized (this) {
      long now = clockMs.getAsLong();
      PublicKey hit = fresh(now) ? lookup(kid) : null;
      if (hit != null) {
        if (now - fetchedAtMs >= maxAgeMs / 2) {
          start(now);
        }
        return CompletableFuture.completedFuture(List.of(hit));
      }
      pending = inFlight != null ? inFlight : start(now);
      if (pending == null) {
        return CompletableFuture.failedFuture(new AuthException(missFailure(now)));
      }
    }
    if (waiters.incrementAndGet() > MAX_WAITERS) {
      waiters.decrementAndGet();
      return CompletableFuture.failedFuture(new AuthException(AuthFailure.KEYS_UNAVAILABLE));
    }
    CompletableFuture<List<Key>> out = new CompletableFuture<>();
    pending.whenComplete((v, e) -> {
      waiters.decrementAndGet();
      PublicKey key;
      AuthFailure failure;
      synchronized (this) {
        long now = clockMs.getAsLong();
        key = fresh(now) ? lookup(kid) : null;
        failure = missFailure(now);
      }
      // completed outside the lock: the caller's signature check runs in this thread
      if (key != null) {
        out.complete(List.of(key));
      } else {
        out.completeExceptionally(new AuthException(failure));
      }
    });
    return out;
  }

  private boolean fresh(long now) {
    return fetchedOnce && now - fetchedAtMs < maxAgeMs;
  }

  /** Unknown kid in a set we trust; or no set we may trust at all (never fetched, too old). */
  private AuthFailure missFailure(long now) {
    return fresh(now) ? AuthFailure.UNKNOWN_KEY : AuthFailure.KEYS_UNAVAILABLE;
  }

  /** A token without kid may use the only key of a one-key set; with several it must name one. */
  private PublicKey lookup(String kid) {
    if (kid != null) {
      return keys.get(kid);
    }
    return keys.size() == 1 ? keys.values().iterator().next() : null;
  }

  /** Starts a fetch unless one runs or the cooldown forbids; holds the lock. Null: not allowed now. */
  private CompletableFuture<Void> start(long now) {
    if (inFlight != null) {
      return inFlight;
    }
    if (attempted && now - lastAttemptMs < cooldownMs) {
      return null;
    }
    attempted = true;
    lastAttemptMs = now;
    fetches.incrementAndGet();
    CompletableFuture<Void> done = new CompletableFuture<>();
    inFlight = done;
    CompletionStage<byte[]> body;
    try {
      body = fetch.get();
    } catch (RuntimeException e) {
      body = CompletableFuture.failedFuture(e);
    }
    body.whenComplete((bytes, err) -> finish(done, bytes, err));
    return done;
  }

  private void finish(CompletableFuture<Void> done, byte[] body, Throwable err) {
    Map<String, PublicKey> parsed = null;
    String failure = err == null ? null : err.getClass().getSimpleName();
    if (err == null) {
      try {
        parsed = JwkParser.parseSet(body, alg);
      } catch (IllegalArgumentException e) {
        failure = e.getMessage();
      }
    }
    boolean changed;
    synchronized (this) {
      changed = parsed != null && !parsed.keySet().equals(keys.keySet());
      if (parsed != null) {
        keys = parsed;
        fetchedOnce = true;
        fetchedAtMs = clockMs.getAsLong();
      }
      if (inFlight == done) {
        inFlight = null;
      }
    }
    if (failure != null) {
      LOG.warn("JWKS fetch from {} failed ({}); next attempt allowed in {} s", source, failure, cooldownMs / 1_000);
    } else if (changed) {
      LOG.info("JWKS from {}: {} usable {} key(s), kids {}", source, parsed.size(), alg, parsed.keySet());
    }
    done.complete(null);
  }
}
