package io.logcast.gateway.auth;

import java.security.Key;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Where verification keys come from: a fixed set (HS256 secret, PEM keys) or a JWKS URL. */
public interface KeySource {
  /**
   * The keys a token naming {@code kid} (null when it names none) may be signed with. Fails with an
   * {@link AuthException} (UNKNOWN_KEY, KEYS_UNAVAILABLE). May complete on another thread.
   */
  CompletionStage<List<Key>> keys(String kid);

  /** Keys configured up front: every token is checked against each of them (there are few). */
  static KeySource fixed(List<? extends Key> keys) {
    List<Key> all = List.copyOf(keys);
    CompletionStage<List<Key>> done = CompletableFuture.completedFuture(all);
    return kid -> done;
  }
}
