package io.logcast.gateway.protocol;

/** Where a subscription starts. */
public sealed interface From {
  record Latest() implements From {}

  record Earliest() implements From {}

  /** First records at or after this time, per partition. */
  record AtTime(long epochMs) implements From {}

  record At(Position position) implements From {}

  /** The latest record of every key (of a compacted topic) first, then on from there. */
  record Snapshot() implements From {}

  From LATEST = new Latest();
  From EARLIEST = new Earliest();
  From SNAPSHOT = new Snapshot();
}
