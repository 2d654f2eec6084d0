package io.logcast.gateway.metrics;

import java.util.Locale;

/**
 * How a {@code hello} with {@code resume} ended. Every value but RECOVERED gives a fresh session;
 * its {@link #reason()} is sent as {@code welcome.reason} and is the metric's {@code reason} tag.
 */
public enum ResumeOutcome {
  RECOVERED,
  /** No such session, or a wrong secret (indistinguishable on purpose). */
  UNKNOWN,
  /** The session belongs to another principal. */
  PRINCIPAL,
  /** The session store did not answer in time. */
  UNAVAILABLE,
  /** Refused, not answered: the principal holds limits.maxConnectionsPerPrincipal sessions (1013). */
  OVER_QUOTA;

  public String reason() {
    return this == RECOVERED ? null : name().toLowerCase(Locale.ROOT);
  }
}
