package io.logcast.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The live reader's health: failures by kind, restarts, seconds since its last successful poll,
 * and the event loops' inboxes (bytes waiting, overflows that sent clients to the log).
 */
public final class LiveMeters {
  /** What went wrong in the live reader; tag values of {@code logcast_live_errors_total}. */
  public enum Failure {
    /** A Kafka error the consumer retries (broker down, not authorized, ...). */
    KAFKA,
    /** Anything else: the consumer is replaced and re-assigned at its positions. */
    UNEXPECTED;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Meters that count nothing: for the pieces tests build without a registry. */
  public static final LiveMeters NONE = new LiveMeters(null);

  private final MeterRegistry registry;
  private final Map<Failure, Counter> errors = new EnumMap<>(Failure.class);
  private final Counter restarts;
  private final Counter overflows;

  public LiveMeters(MeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      restarts = null;
      overflows = null;
      return;
    }
    for (Failure f : Failure.values()) {
      errors.put(f, Counter.builder("logcast.live.errors").tag("kind", f.tag())
          .description("Failures of the live reader's polls, by kind").register(registry));
    }
    restarts = Counter.builder("logcast.live.restarts")
        .description("Times the live reader replaced its Kafka consumer after an unexpected failure").register(registry);
    overflows = Counter.builder("logcast.inbox.overflows")
        .description("Times an event loop's inbox passed live.maxInboxBytes: its waiting batches were dropped"
            + " and its subscriptions behind caught up from the log").register(registry);
  }

  public void failed(Failure kind) {
    Counter c = errors.get(kind);
    if (c != null) {
      c.increment();
    }
  }

  public void restarted() {
    if (restarts != null) {
      restarts.increment();
    }
  }

  public void overflowed() {
    if (overflows != null) {
      overflows.increment();
    }
  }

  /** {@code logcast_live_poll_age_seconds}: since the last successful poll (0 while nothing is assigned). */
  public void pollAge(DoubleSupplier seconds) {
    if (registry != null) {
      Gauge.builder("logcast.live.poll.age", seconds::getAsDouble).baseUnit("seconds")
          .description("Seconds since the live consumer's last successful poll; 0 while no partition is assigned")
          .register(registry);
    }
  }

  /** {@code logcast_inbox_bytes}: record bytes waiting in the event loops' inboxes. */
  public void inboxBytes(DoubleSupplier bytes) {
    if (registry != null) {
      Gauge.builder("logcast.inbox", bytes::getAsDouble).baseUnit("bytes")
          .description("Record bytes handed to the event loops and not yet delivered").register(registry);
    }
  }
}
