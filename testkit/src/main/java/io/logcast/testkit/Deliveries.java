package io.logcast.testkit;

import io.logcast.testkit.ResumingClient.Delivered;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * What a {@link ResumingClient} received, per partition of its subscription: the set of offsets
 * (from where the subscription started) and its position. It records every delivery rather than
 * de-duplicating, so a redelivered offset is counted as a duplicate, never dropped silently.
 *
 * <p>Not thread-safe: used under the client's monitor.
 */
final class Deliveries {
  /** What the client knows of one partition of its subscription. */
  private static final class Track {
    /** Where the subscription started on this partition: bit i of {@code seen} is offset start + i. */
    final long start;
    final BitSet seen = new BitSet();
    /** The next offset to deliver: the position acked and presented on resume. */
    long next;
    /** The highest offset delivered, -1 before the first. */
    long last = -1;

    Track(long start) {
      this.start = start;
      this.next = start;
    }
  }

  private Track[] tracks = new Track[0];
  private final List<JsonObject> gaps = new ArrayList<>();
  private long gapRecords;
  private long delivered;
  private long duplicates;
  private long reordered;
  private long untracked;
  private long foreign;

  // ---- recording

  /** Starts the partition at {@code offset} unless it has started already. */
  void start(int partition, long offset) {
    track(partition, offset);
  }

  /** A message for another topic or key than the subscription's. */
  void countForeign() {
    delivered++;
    foreign++;
  }

  /** A message that cannot be placed: without a partition or an offset. */
  void countUntracked() {
    delivered++;
    untracked++;
  }

  /** A message of the subscription at (partition, offset). */
  void record(int partition, long offset) {
    delivered++;
    Track t = track(partition, offset);
    long bit = offset - t.start;
    if (bit < 0 || bit > Integer.MAX_VALUE) {
      untracked++; // before the subscription's start: nothing the server may send
      return;
    }
    if (t.seen.get((int) bit)) {
      duplicates++;
      return;
    }
    t.seen.set((int) bit);
    if (offset < t.last) {
      reordered++;
    }
    t.last = Math.max(t.last, offset);
    t.next = Math.max(t.next, offset + 1);
  }

  /** An announced {@code gap}: the position moves past it, its offsets stay missing. */
  void gap(JsonObject o) {
    gaps.add(o);
    long from = o.getLong("from");
    long to = o.getLong("to");
    gapRecords += to - from;
    Track t = track(o.getInteger("partition"), from);
    t.next = Math.max(t.next, to);
  }

  /** The partition's track, started at {@code start} if it has none yet. */
  private Track track(int partition, long start) {
    if (partition >= tracks.length) {
      tracks = Arrays.copyOf(tracks, partition + 1);
    }
    Track t = tracks[partition];
    if (t == null) {
      t = tracks[partition] = new Track(start);
    }
    return t;
  }

  // ---- reading

  /** Whether no partition has started: there is no position to ack. */
  boolean isEmpty() {
    return tracks.length == 0;
  }

  /** The next offset per partition, as the protocol's {@code offsets} object. */
  JsonObject offsets() {
    JsonObject j = new JsonObject();
    for (int p = 0; p < tracks.length; p++) {
      if (tracks[p] != null) {
        j.put(Integer.toString(p), tracks[p].next);
      }
    }
    return j;
  }

  Map<Integer, Long> start() {
    return perPartition(t -> t.start);
  }

  Map<Integer, Long> positions() {
    return perPartition(t -> t.next);
  }

  private Map<Integer, Long> perPartition(ToLongFunction<Track> value) {
    Map<Integer, Long> m = new TreeMap<>();
    for (int p = 0; p < tracks.length; p++) {
      if (tracks[p] != null) {
        m.put(p, value.applyAsLong(tracks[p]));
      }
    }
    return m;
  }

  SortedSet<Delivered> received() {
    SortedSet<Delivered> s = new TreeSet<>();
    for (int p = 0; p < tracks.length; p++) {
      Track t = tracks[p];
      if (t != null) {
        for (int i = t.seen.nextSetBit(0); i >= 0; i = t.seen.nextSetBit(i + 1)) {
          s.add(new Delivered(p, t.start + i));
        }
      }
    }
    return s;
  }

  long receivedCount() {
    long n = 0;
    for (Track t : tracks) {
      n += t == null ? 0 : t.seen.cardinality();
    }
    return n;
  }

  long missing(int partition, long end) {
    Track t = partition < tracks.length ? tracks[partition] : null;
    if (t == null) {
      return end;
    }
    long span = end - t.start;
    if (span <= 0) {
      return 0;
    }
    int got = span >= t.seen.length() ? t.seen.cardinality() : t.seen.get(0, (int) span).cardinality();
    return span - got;
  }

  List<JsonObject> gaps() {
    return gaps.stream().map(JsonObject::copy).toList();
  }

  long gapRecords() {
    return gapRecords;
  }

  long delivered() {
    return delivered;
  }

  long duplicates() {
    return duplicates;
  }

  long reordered() {
    return reordered;
  }

  long foreign() {
    return foreign;
  }

  long untracked() {
    return untracked;
  }

  @Override
  public String toString() {
    return "received=" + receivedCount() + " delivered=" + delivered + " dup=" + duplicates + " reordered=" + reordered
        + " foreign=" + foreign + " untracked=" + untracked + " gaps=" + gaps.size() + " start=" + start() + " next="
        + positions();
  }
}
