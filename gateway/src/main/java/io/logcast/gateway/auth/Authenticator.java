package io.logcast.gateway.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Turns a bearer token into a {@link Principal}. Shared by every event loop: implementations are thread-safe. */
public interface Authenticator {
  /**
   * Fails with an {@link AuthException} when the token is refused. May complete on a non-Vert.x
   * thread (a JWKS fetch): callers hop back to their context before touching state.
   */
  CompletionStage<Principal> authenticate(String token);

  /** False with {@code auth.mode: none}. */
  boolean enabled();

  /** {@code auth.mode: none}: any token, or none, is the anonymous principal allowed everything. */
  Authenticator NONE = new Authenticator() {
    private final CompletionStage<Principal> anonymous = CompletableFuture.completedFuture(Principal.ANONYMOUS);

    @Override
    public CompletionStage<Principal> authenticate(String token) {
      return anonymous;
    }

    @Override
    public boolean enabled() {
      return false;
    }
  };
}
