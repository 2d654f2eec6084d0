package io.logcast.gateway.auth;

import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;

/** A refused token. No stack trace (a bad token is not a bug) and no token text, ever. */
public final class AuthException extends ProtocolException {
  private final AuthFailure failure;

  public AuthException(AuthFailure failure) {
    super(error(failure), failure.text());
    this.failure = failure;
  }

  /** Completion stages wrap what they pass on; this is the failure itself. */
  public static Throwable unwrap(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  public AuthFailure failure() {
    return failure;
  }

  /** {@code unavailable} when the keys could not be fetched (retryable), else {@code unauthorized}. */
  private static ProtocolError error(AuthFailure failure) {
    return failure == AuthFailure.KEYS_UNAVAILABLE
        ? ProtocolError.unavailable("the token cannot be checked right now (" + failure.text() + "), retry later")
        : new ProtocolError(ErrorCode.UNAUTHORIZED, failure.text());
  }
}
