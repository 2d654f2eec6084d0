package io.logcast.gateway.snapshot;

import io.logcast.gateway.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * The snapshot views of this instance: how many, their accounted bytes and keys, and snapshot
 * requests by outcome ({@code ok} or the error code the caller got: a bounded set). Kept beside
 * the views, in the style of the {@code metrics} package, until the lead wires them into the node.
 */
public final class SnapshotMeters {
  /** Meters that count nothing: for tests without a registry. */
  public static final SnapshotMeters NONE = new SnapshotMeters(null);

  private final MeterRegistry registry;
  private final Counter ok;
  private final Map<ErrorCode, Counter> failed = new EnumMap<>(ErrorCode.class);

  public SnapshotMeters(MeterRegistry registry) {
    this.registry = registry;
    if (registry == null) {
      ok = null;
      return;
    }
    ok = request(registry, "ok");
    for (ErrorCode c : ErrorCode.values()) {
      failed.put(c, request(registry, c.wire()));
    }
  }

  private static Counter request(MeterRegistry registry, String outcome) {
    return Counter.builder("logcast.snapshot.requests").tag("outcome", outcome)
        .description("Snapshot requests, by outcome: ok or the error code returned").register(registry);
  }

  /** Registers the gauges {@code logcast_snapshot_views}, {@code logcast_snapshot_bytes}, {@code logcast_snapshot_keys}. */
  void gauges(DoubleSupplier views, DoubleSupplier bytes, DoubleSupplier keys) {
    if (registry == null) {
      return;
    }
    Gauge.builder("logcast.snapshot.views", views::getAsDouble)
        .description("Snapshot views held by this instance (one reader thread each)").register(registry);
    Gauge.builder("logcast.snapshot", bytes::getAsDouble).baseUnit("bytes")
        .description("Bytes accounted to the snapshot views: frames, keys and a fixed overhead per key")
        .register(registry);
    Gauge.builder("logcast.snapshot.keys", keys::getAsDouble)
        .description("Keys held by the snapshot views").register(registry);
  }

  void succeeded() {
    if (ok != null) {
      ok.increment();
    }
  }

  void failed(ErrorCode code) {
    Counter c = failed.get(code);
    if (c != null) {
      c.increment();
    }
  }
}
