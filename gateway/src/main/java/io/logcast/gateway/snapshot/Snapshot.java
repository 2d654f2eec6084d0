package io.logcast.gateway.snapshot;

import java.util.List;

/**
 * The latest record of every key (or of one key) at a consistent cut of the log.
 *
 * @param entries   one per key, in no particular order; a deleted key (tombstone) has none
 * @param positions per partition, the next offset the snapshot covers: every entry's offset is
 *                  below its partition's position, and a subscription started at these positions
 *                  continues exactly after the snapshot (no gap, no duplicate)
 */
public record Snapshot(List<Entry> entries, long[] positions) {
  public Snapshot {
    entries = List.copyOf(entries);
    positions = positions.clone();
  }

  @Override
  public long[] positions() {
    return positions.clone();
  }
}
