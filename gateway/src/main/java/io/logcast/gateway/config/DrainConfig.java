package io.logcast.gateway.config;

/**
 * Shutdown on SIGTERM.
 *
 * @param windowMs connections are closed (1012) spread evenly over this window, so clients do not
 *     all reconnect at the same instant
 * @param graceMs  the process exits by then whatever is left (keep it below Kubernetes'
 *     terminationGracePeriodSeconds)
 */
public record DrainConfig(long windowMs, long graceMs) {
  public static final long DEFAULT_WINDOW_MS = 10_000;
  public static final long DEFAULT_GRACE_MS = 30_000;
}
