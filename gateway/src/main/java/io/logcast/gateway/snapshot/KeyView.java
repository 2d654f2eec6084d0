package io.logcast.gateway.snapshot;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.protocol.ProtocolError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The latest record of every key of one topic, with {@code position[p]}: the next offset applied
 * in partition p. Written by its {@link ViewReader}'s thread one poll batch at a time and read from
 * event loops: both hold the view's lock, so a snapshot sees whole batches only and its entries and
 * positions are one consistent cut. A snapshot copies references (the entries are immutable), not
 * records. Over its byte bound the view FAILS: it drops every entry and answers every caller with
 * {@code limit_exceeded}; a view is never silently truncated.
 */
public final class KeyView {
  /**
   * Heap per key beyond its frame bytes and key characters, with compressed oops: the HashMap node
   * (32) and its table slot (4 bytes at a load of 0.375-0.75: up to 11), the key's String (24) and
   * its byte[] header and padding (~20), Entry (24), EncodedRecord (40), the frame's byte[] header
   * and padding (~20): ~171, rounded up. ViewsIT measured 334-351 bytes of heap per key for 100k
   * keys with 176-byte frames and 10-character keys, against 362 accounted.
   */
  public static final long ENTRY_OVERHEAD_BYTES = 176;

  private record Waiter(long[] target, String key, CompletableFuture<Snapshot> result) {}

  private final String topic;
  private final long maxBytes;
  private final long[] position;
  private final Map<String, Entry> entries = new HashMap<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long bytes;
  private ProtocolError failure;

  public KeyView(String topic, int partitions, long maxBytes) {
    this.topic = topic;
    this.maxBytes = maxBytes;
    this.position = new long[partitions];
  }

  /** Heap accounted to one entry. */
  static long sizeOf(Entry e) {
    return e.record().frame().length + (long) e.key().length() + ENTRY_OVERHEAD_BYTES;
  }

  /**
   * Applies one record: a tombstone deletes its key, a record without a key is ignored. Records of
   * a partition must come in offset order; call {@link #advance} after the batch.
   */
  public synchronized void apply(int partition, EncodedRecord record, boolean tombstone) {
    if (failure != null || record.key() == null) {
      return;
    }
    Entry old = tombstone ? entries.remove(record.key())
        : entries.put(record.key(), new Entry(record.key(), partition, record));
    if (old != null) {
      bytes -= sizeOf(old);
    }
    if (!tombstone) {
      bytes += sizeOf(entries.get(record.key()));
    }
    position[partition] = Math.max(position[partition], record.offset() + 1);
    if (bytes > maxBytes) {
      fail(ProtocolError.limit("the snapshot of topic '" + topic + "' is larger than snapshot.maxBytesPerTopic ("
          + maxBytes + " bytes)"));
    }
  }

  /**
   * Ends a batch: {@code next[p]} is the reader's position (past transaction markers and aborted
   * records too), then every caller whose target is reached gets its snapshot.
   */
  public synchronized void advance(long[] next) {
    for (int p = 0; p < Math.min(next.length, position.length); p++) {
      position[p] = Math.max(position[p], next[p]);
    }
    if (failure != null) {
      return;
    }
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter w = it.next();
      if (reached(w.target())) {
        it.remove();
        w.result().complete(snapshot(w.key()));
      }
    }
  }

  /** Drops every entry; this and every later request fail with {@code error}. */
  public synchronized void fail(ProtocolError error) {
    if (failure != null) {
      return;
    }
    failure = error;
    entries.clear();
    bytes = 0;
    waiters.forEach(w -> w.result().completeExceptionally(error.exception()));
    waiters.clear();
  }

  /**
   * The snapshot once every partition p has been applied up to {@code target[p]} (partitions the
   * view does not have are ignored), at once if it is; of {@code key}'s entry only when key != null.
   */
  public synchronized CompletableFuture<Snapshot> when(long[] target, String key) {
    if (failure != null) {
      return CompletableFuture.failedFuture(failure.exception());
    }
    if (reached(target)) {
      return CompletableFuture.completedFuture(snapshot(key));
    }
    CompletableFuture<Snapshot> f = new CompletableFuture<>();
    waiters.add(new Waiter(target.clone(), key, f));
    return f;
  }

  /** Forgets a caller that stopped waiting (timed out). */
  public synchronized void forget(CompletableFuture<Snapshot> f) {
    waiters.removeIf(w -> w.result() == f);
  }

  /** The current state, whatever it covers; of {@code key}'s entry only when key != null. */
  public synchronized Snapshot snapshot(String key) {
    if (failure != null) {
      throw failure.exception();
    }
    List<Entry> out;
    if (key == null) {
      out = List.copyOf(entries.values());
    } else {
      Entry e = entries.get(key);
      out = e == null ? List.of() : List.of(e);
    }
    return new Snapshot(out, position);
  }

  private boolean reached(long[] target) {
    for (int p = 0; p < Math.min(target.length, position.length); p++) {
      if (position[p] < target[p]) {
        return false;
      }
    }
    return true;
  }

  public String topic() {
    return topic;
  }

  public synchronized ProtocolError failure() {
    return failure;
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized int keys() {
    return entries.size();
  }

  public synchronized int waiting() {
    return waiters.size();
  }

  public synchronized long[] positions() {
    return Arrays.copyOf(position, position.length);
  }
}
