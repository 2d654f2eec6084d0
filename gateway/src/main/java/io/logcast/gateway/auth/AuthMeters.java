package io.logcast.gateway.auth;

import io.logcast.gateway.metrics.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code logcast_auth_failures_total{reason}} and the auth-failure log line: the failure class only
 * (a bounded set), never the token, its subject or where it came from. Registered in every auth
 * mode so dashboards and alerts see a zero rather than no series.
 */
public final class AuthMeters {
  private static final Logger LOG = LoggerFactory.getLogger("io.logcast.auth");
  private static final long LOG_EVERY_MS = 1_000;

  private final Map<AuthFailure, Counter> failures = new EnumMap<>(AuthFailure.class);
  private final LogThrottle throttle = new LogThrottle(AuthFailure.values().length, LOG_EVERY_MS);

  public AuthMeters(MeterRegistry registry) {
    for (AuthFailure f : AuthFailure.values()) {
      failures.put(f, Counter.builder("logcast.auth.failures").tag("reason", f.tag())
          .description("Tokens or admin keys refused, by reason").register(registry));
    }
  }

  public void failed(AuthFailure failure) {
    failures.get(failure).increment();
    long skipped = throttle.admit(failure.ordinal(), System.currentTimeMillis());
    if (skipped >= 0) {
      LOG.atInfo().setMessage("authentication failed")
          .addKeyValue("event", "auth_failure")
          .addKeyValue("reason", failure.tag())
          .addKeyValue("unlogged", skipped)
          .log();
    }
  }

  public double count(AuthFailure failure) {
    return failures.get(failure).count();
  }
}
