package io.logcast.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session-store writes that nobody waits for (acks, subscriptions, touches, disconnects): each one's
 * outcome is counted, and a failure is logged (one line per operation per 10 s), so a store that
 * drops writes shows instead of positions silently ceasing to persist. A write refused because the
 * session has a newer generation elsewhere is normal after a takeover, and counted apart.
 */
public final class StoreWrites {
  private static final Logger LOG = LoggerFactory.getLogger(StoreWrites.class);
  private static final long LOG_EVERY_MS = 10_000;

  /** The operation, as the {@code op} tag. */
  public enum Op { CREATE, PUT_SUBSCRIPTION, REMOVE_SUBSCRIPTION, MERGE_ACKED, TOUCH, DISCONNECTED }

  /** How it ended, as the {@code outcome} tag. */
  enum Outcome { FAILED, REFUSED }

  private final Map<Op, Counter> failed = new EnumMap<>(Op.class);
  private final Map<Op, Counter> refused = new EnumMap<>(Op.class);
  private final LogThrottle throttle = new LogThrottle(Op.values().length, LOG_EVERY_MS);

  public StoreWrites(MeterRegistry registry) {
    for (Op op : Op.values()) {
      failed.put(op, counter(registry, op, Outcome.FAILED));
      refused.put(op, counter(registry, op, Outcome.REFUSED));
    }
  }

  private static Counter counter(MeterRegistry registry, Op op, Outcome outcome) {
    return Counter.builder("logcast.session.store.writes.unapplied")
        .description("Session-store writes not applied: failed (store unreachable, timeout) or refused "
            + "(the session's generation moved on)")
        .tag("op", op.name().toLowerCase(Locale.ROOT)).tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  /** Watches a write's result: a Boolean false is a refusal, an exception a failure. */
  public void watch(Op op, CompletionStage<?> write) {
    write.whenComplete((result, error) -> {
      if (error != null) {
        failed.get(op).increment();
        long skipped = throttle.admit(op.ordinal(), System.currentTimeMillis());
        if (skipped >= 0) {
          // the class only: a store exception's text may name keys or hosts, not for every log reader
          LOG.warn("session-store write {} failed ({}); {} more since the last line", op, rootClass(error), skipped);
        }
      } else if (Boolean.FALSE.equals(result)) {
        refused.get(op).increment();
      }
    });
  }

  private static String rootClass(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName();
  }
}
