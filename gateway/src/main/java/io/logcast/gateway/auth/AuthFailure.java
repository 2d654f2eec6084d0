package io.logcast.gateway.auth;

import java.util.Locale;

/**
 * Why a token was refused. The text names the class of failure only: it goes into close reasons,
 * error messages, logs and a metric tag, so it must never carry any part of the token.
 */
public enum AuthFailure {
  MISSING("missing token"),
  MALFORMED("malformed token"),
  ALGORITHM("algorithm not accepted"),
  UNKNOWN_KEY("unknown signing key"),
  SIGNATURE("invalid signature"),
  EXPIRED("token expired"),
  NOT_YET_VALID("token not yet valid"),
  ISSUER("wrong issuer"),
  AUDIENCE("wrong audience"),
  CLAIMS("invalid claims"),
  /** A {@code typ} header naming another kind of JWT (a logout token, a DPoP proof...). */
  TYPE("wrong token type"),
  /** Admin API only: an X-Admin-Key header that does not match auth.adminKey (or none where one is needed). */
  ADMIN_KEY("missing or invalid admin key"),
  /** The signing keys could not be fetched: not the client's fault, it may retry later. */
  KEYS_UNAVAILABLE("signing keys unavailable");

  private final String text;

  AuthFailure(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** Metric tag value, e.g. {@code unknown_key}: a bounded set. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
