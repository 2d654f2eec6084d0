package io.logcast.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts limit rejections by kind, and logs them: at most one line per kind per second, carrying
 * how many were not logged since, so a flood of rejections cannot become a flood of log lines.
 */
public final class LimitMeters implements LimitRecorder {
  private static final Logger LOG = LoggerFactory.getLogger("io.logcast.limits");
  private static final long LOG_EVERY_MS = 1_000;

  private final Counter[] counters = new Counter[LimitKind.values().length];
  private final LogThrottle throttle = new LogThrottle(counters.length, LOG_EVERY_MS);

  public LimitMeters(MeterRegistry registry) {
    for (LimitKind k : LimitKind.values()) {
      counters[k.ordinal()] = Counter.builder("logcast.limit.rejections").tag("kind", k.tag())
          .description("Requests, objects or connections refused by a limit, by kind").register(registry);
    }
  }

  @Override
  public void rejected(LimitKind kind, String principal, String remote) {
    int i = kind.ordinal();
    counters[i].increment();
    long skipped = throttle.admit(i, System.currentTimeMillis());
    if (skipped < 0) {
      return;
    }
    var line = LOG.atInfo().setMessage("limit reached").addKeyValue("event", "limit").addKeyValue("kind", kind.tag());
    if (principal != null) {
      line = line.addKeyValue("principal", principal);
    }
    if (remote != null) {
      line = line.addKeyValue("remote", remote);
    }
    line.addKeyValue("unlogged", skipped).log();
  }

  /** For tests and the admin view. */
  public double count(LimitKind kind) {
    return counters[kind.ordinal()].count();
  }
}
