package io.logcast.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.config.AuthConfig.Alg;
import io.vertx.core.json.JsonObject;
import java.security.Key;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The JWKS cache with a scripted fetch and a hand-moved clock: cooldown, single flight, max age, rotation. */
class JwksTest {
  private static final long MAX_AGE_MS = 600_000;
  private static final long COOLDOWN_MS = 30_000;
  private static final KeyPair K1 = TestTokens.rsa();
  private static final KeyPair K2 = TestTokens.rsa();

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AtomicReference<JsonObject> served = new AtomicReference<>(TestTokens.jwks(
      TestTokens.jwk(K1.getPublic(), "k1")));
  private final List<CompletableFuture<byte[]>> requests = new ArrayList<>();
  /** Answers at once with what is served now, or holds requests until {@link #answer()}. */
  private boolean hold;

  private final Supplier<CompletionStage<byte[]>> fetch = () -> {
    CompletableFuture<byte[]> f = new CompletableFuture<>();
    requests.add(f);
    if (!hold) {
      f.complete(served.get().toBuffer().getBytes());
    }
    return f;
  };

  private final Jwks jwks = new Jwks(Alg.RS256, fetch, MAX_AGE_MS, COOLDOWN_MS, clock::get, "test");

  private void answer() {
    requests.forEach(f -> f.complete(served.get().toBuffer().getBytes()));
  }

  private Key key(String kid) {
    return jwks.keys(kid).toCompletableFuture().join().get(0);
  }

  private AuthFailure miss(String kid) {
    try {
      jwks.keys(kid).toCompletableFuture().join();
    } catch (CompletionException e) {
      return ((AuthException) e.getCause()).failure();
    }
    throw new AssertionError("key found for " + kid);
  }

  @Test
  void cachedKeysAreServedWithoutFetching() {
    jwks.prefetch();
    assertThat(key("k1")).isEqualTo(K1.getPublic());
    assertThat(key("k1")).isEqualTo(K1.getPublic());
    assertThat(jwks.fetches()).isEqualTo(1);
  }

  @Test
  void aFloodOfUnknownKidsCostsOneFetchPerCooldown() {
    jwks.prefetch();
    clock.addAndGet(COOLDOWN_MS);
    for (int i = 0; i < 10_000; i++) {
      assertThat(miss("made-up-" + i)).isEqualTo(AuthFailure.UNKNOWN_KEY);
    }
    assertThat(jwks.fetches()).isEqualTo(2); // start-up + the first miss; the rest fell in the cooldown
    clock.addAndGet(COOLDOWN_MS - 1);
    assertThat(miss("still-cooling")).isEqualTo(AuthFailure.UNKNOWN_KEY);
    assertThat(jwks.fetches()).isEqualTo(2);
    clock.addAndGet(1);
    assertThat(miss("after-cooldown")).isEqualTo(AuthFailure.UNKNOWN_KEY);
    assertThat(jwks.fetches()).isEqualTo(3);
  }

  @Test
  void lookupsDuringAFetchWaitForThatOneFetch() {
    hold = true;
    List<CompletableFuture<List<Key>>> waiting = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      waiting.add(jwks.keys(i % 2 == 0 ? "k1" : "nope-" + i).toCompletableFuture());
    }
    assertThat(requests).hasSize(1);
    assertThat(waiting).noneMatch(CompletableFuture::isDone);
    answer();
    assertThat(waiting.get(0).join().get(0)).isEqualTo(K1.getPublic());
    assertThat(waiting.get(1)).isCompletedExceptionally();
    assertThat(jwks.fetches()).isEqualTo(1);
  }

  @Test
  void rotationPicksUpANewKidWithOneFetch() {
    jwks.prefetch();
    served.set(TestTokens.jwks(TestTokens.jwk(K2.getPublic(), "k2")));
    clock.addAndGet(COOLDOWN_MS);
    assertThat(key("k2")).isEqualTo(K2.getPublic());
    assertThat(jwks.fetches()).isEqualTo(2);
    // k1 left the document: the fetch that brought k2 also dropped it
    assertThat(miss("k1")).isEqualTo(AuthFailure.UNKNOWN_KEY);
  }

  @Test
  void aRemovedKeyStopsVerifyingWithinMaxAgeEvenWithoutMisses() {
    jwks.prefetch();
    served.set(TestTokens.jwks(TestTokens.jwk(K2.getPublic(), "k2")));
    // within the first half of max age the cached k1 is used as is
    clock.addAndGet(MAX_AGE_MS / 2 - 1);
    assertThat(key("k1")).isEqualTo(K1.getPublic());
    assertThat(jwks.fetches()).isEqualTo(1);
    // past half of it, a hit still answers from cache and refreshes in the background
    clock.addAndGet(1);
    assertThat(key("k1")).isEqualTo(K1.getPublic());
    assertThat(jwks.fetches()).isEqualTo(2);
    assertThat(miss("k1")).isEqualTo(AuthFailure.UNKNOWN_KEY);
  }

  @Test
  void whenTheUrlFailsOldKeysServeUntilMaxAgeThenNothingVerifies() {
    jwks.prefetch();
    served.set(new JsonObject().put("not", "a jwks"));
    clock.addAndGet(MAX_AGE_MS / 2);
    assertThat(key("k1")).isEqualTo(K1.getPublic()); // background refresh fails, k1 kept
    clock.addAndGet(MAX_AGE_MS / 2);
    assertThat(miss("k1")).isEqualTo(AuthFailure.KEYS_UNAVAILABLE); // too old to trust; refresh failed again
    long fetches = jwks.fetches();
    assertThat(miss("k1")).isEqualTo(AuthFailure.KEYS_UNAVAILABLE); // cooling down: no fetch
    assertThat(jwks.fetches()).isEqualTo(fetches);
  }

  @Test
  void aTokenWithoutKidUsesTheOnlyKeyOfAOneKeySet() {
    jwks.prefetch();
    assertThat(key(null)).isEqualTo(K1.getPublic());
    served.set(TestTokens.jwks(TestTokens.jwk(K1.getPublic(), "k1"), TestTokens.jwk(K2.getPublic(), "k2")));
    clock.addAndGet(COOLDOWN_MS);
    assertThat(key("k2")).isEqualTo(K2.getPublic());
    assertThat(miss(null)).isEqualTo(AuthFailure.UNKNOWN_KEY);
  }

  @Test
  void unusableKeysAreSkipped() {
    KeyPair ec = TestTokens.ec();
    KeyPair weak = TestTokens.generate("RSA", 1024);
    served.set(TestTokens.jwks(
        TestTokens.jwk(ec.getPublic(), "ec"),
        TestTokens.jwk(weak.getPublic(), "weak"),
        TestTokens.jwk(K1.getPublic(), "enc").put("use", "enc"),
        TestTokens.jwk(K1.getPublic(), "ps").put("alg", "PS256"),
        new JsonObject().put("kty", "RSA").put("kid", "broken").put("n", "!!"),
        TestTokens.jwk(K2.getPublic(), "good")));
    jwks.prefetch();
    assertThat(key("good")).isEqualTo(K2.getPublic());
    for (String kid : List.of("ec", "weak", "enc", "ps", "broken")) {
      assertThat(miss(kid)).as(kid).isEqualTo(AuthFailure.UNKNOWN_KEY);
    }
  }
}
