package io.logcast.gateway.auth;

import io.logcast.gateway.config.AuthConfig;
import io.logcast.gateway.config.SecretText;
import io.logcast.gateway.protocol.ProtocolError;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who may use the admin API: a token whose admin claim is {@code true}, or the {@code X-Admin-Key}
 * header equal to {@code auth.adminKey}. With {@code auth.mode: none} and no admin key, everybody
 * (like everything else in that mode).
 */
public final class AdminGuard {
  public static final String ADMIN_KEY_HEADER = "X-Admin-Key";

  private final Authenticator auth;
  private final SecretText adminKey;
  private final AuthMeters meters;

  public AdminGuard(AuthConfig cfg, Authenticator auth, AuthMeters meters) {
    this.auth = auth;
    this.adminKey = cfg.adminKey();
    this.meters = meters;
  }

  /**
   * Completes with the caller's name for the audit log ({@code admin-key} or the token's subject).
   * Fails with an {@link AuthException} (HTTP 401) or a {@code forbidden} error (HTTP 403).
   */
  public CompletionStage<String> check(String adminKeyHeader, String authorization) {
    if (adminKeyHeader != null) {
      return adminKey != null && adminKey.matches(adminKeyHeader) ? CompletableFuture.completedFuture("admin-key")
          : adminKeyRefused();
    }
    if (!auth.enabled()) {
      return adminKey == null ? CompletableFuture.completedFuture(Principal.ANONYMOUS_SUBJECT) : adminKeyRefused();
    }
    CompletableFuture<String> out = new CompletableFuture<>();
    auth.authenticate(TokenSource.bearer(authorization)).whenComplete((p, e) -> {
      if (e != null) {
        out.completeExceptionally(AuthException.unwrap(e));
      } else if (!p.admin()) {
        out.completeExceptionally(ProtocolError.forbidden("the token does not grant admin rights").exception());
      } else {
        out.complete(p.subject());
      }
    });
    return out;
  }

  private CompletionStage<String> adminKeyRefused() {
    meters.failed(AuthFailure.ADMIN_KEY);
    return CompletableFuture.failedFuture(new AuthException(AuthFailure.ADMIN_KEY));
  }
}
