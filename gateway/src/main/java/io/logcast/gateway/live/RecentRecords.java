package io.logcast.gateway.live;

import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.PartitionBatch;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;

/**
 * The live batches a shard has delivered lately, per partition, so a subscription a little behind
 * the live stream (a resume, a re-subscribe from a position, a slow client that drained) catches
 * up from memory on the event loop, at once, instead of queueing for a Kafka read. Bounded by
 * bytes across all partitions: the oldest batch goes first. The records are the LogTail's, shared
 * with every shard, so this holds references, not copies. Event-loop confined.
 */
final class RecentRecords {
  private final long budgetBytes;
  private final ArrayDeque<Kept> fifo = new ArrayDeque<>();
  private long heldBytes;

  /** @param budgetBytes the most this shard keeps (payload bytes); 0 keeps nothing */
  RecentRecords(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** One partition's kept batches, oldest first, and the offset from which they hold the whole stream. */
  static final class Window {
    private final ArrayDeque<Kept> batches = new ArrayDeque<>();
    /** Every record at or after this offset (up to the live position) is held; -1: none is. */
    private long coveredFrom;
    private boolean dropped;

    Window(long liveFrom) {
      this.coveredFrom = liveFrom;
    }

    boolean covers(long offset) {
      return coveredFrom >= 0 && offset >= coveredFrom;
    }
  }

  /** A kept batch; eviction trims it from its oldest record ({@code first}) before dropping it. */
  private static final class Kept {
    final Window window;
    final PartitionBatch batch;
    int first;
    long bytes;

    Kept(Window window, PartitionBatch batch, long bytes) {
      this.window = window;
      this.batch = batch;
      this.bytes = bytes;
    }
  }

  /** A batch the shard has just delivered, contiguous with what the window holds. */
  void keep(Window window, PartitionBatch batch) {
    if (budgetBytes == 0) {
      window.coveredFrom = -1; // nothing is kept, so past this batch nothing is covered
    }
    if (window.coveredFrom < 0) {
      return;
    }
    long bytes = 0;
    for (int i = 0, n = batch.records().size(); i < n; i++) {
      bytes += batch.records().get(i).frame().length;
    }
    Kept kept = new Kept(window, batch, bytes);
    window.batches.addLast(kept);
    fifo.addLast(kept);
    heldBytes += bytes;
    while (heldBytes > budgetBytes && !fifo.isEmpty()) {
      evictOldestRecord();
    }
  }

  private void evictOldestRecord() {
    Kept oldest = fifo.peekFirst();
    Window w = oldest.window;
    if (w.dropped) { // its window is gone: the whole batch is garbage
      fifo.pollFirst();
      heldBytes -= oldest.bytes;
      return;
    }
    List<EncodedRecord> records = oldest.batch.records();
    int size = records.get(oldest.first).frame().length;
    oldest.first++;
    oldest.bytes -= size;
    heldBytes -= size;
    if (oldest.first == records.size()) {
      fifo.pollFirst();
      w.batches.pollFirst();
      w.coveredFrom = oldest.batch.nextOffset();
    } else {
      w.coveredFrom = records.get(oldest.first).offset();
    }
  }

  /** The offset from which the window holds every record up to the live position, or -1. */
  static long floor(Window window) {
    return window.coveredFrom;
  }

  /** The live stream stopped on this partition (topic dropped): nothing after it is covered. */
  static void drop(Window window) {
    window.dropped = true;
    window.coveredFrom = -1;
    window.batches.clear();
  }

  /**
   * Payload bytes the window holds at or after {@code offset} (for key-filtered subscriptions an
   * upper bound), or -1 when it does not cover that offset.
   */
  static long bytesFrom(Window window, long offset) {
    if (!window.covers(offset)) {
      return -1;
    }
    long bytes = 0;
    Iterator<Kept> it = window.batches.descendingIterator();
    while (it.hasNext()) {
      Kept k = it.next();
      if (k.batch.nextOffset() <= offset) {
        break;
      }
      bytes += k.bytes;
    }
    return bytes;
  }

  /** New windows for partitions going live at {@code positions} (a negative position: not known yet). */
  static Window[] windows(long[] positions) {
    Window[] windows = new Window[positions.length];
    for (int p = 0; p < positions.length; p++) {
      windows[p] = window(positions[p]);
    }
    return windows;
  }

  /** A new window for a partition going live at {@code position} (negative: not known yet). */
  static Window window(long position) {
    return new Window(position >= 0 ? position : -1);
  }

  /**
   * Queues on the subscription's client every held record of partition {@code p} from its cursor
   * (matching its key, if any). Returns how many, or -1 when the window does not cover the cursor
   * or holds more than {@code maxBytes} from it (a Kafka replay, chunk by chunk, serves that).
   */
  static long serve(Window window, Subscription sub, int p, long maxBytes) {
    long from = sub.cursor(p);
    long bytes = bytesFrom(window, from);
    if (bytes < 0 || bytes > maxBytes) {
      return -1;
    }
    long[] n = {0};
    forEachFrom(window, from, r -> {
      if (sub.wants(r.key()) && sub.accept(p, r)) {
        n[0]++;
      }
    });
    return n[0];
  }

  /** Calls {@code each} for every held record at or after {@code offset}, oldest first. */
  static void forEachFrom(Window window, long offset, java.util.function.Consumer<EncodedRecord> each) {
    Iterator<Kept> it = window.batches.descendingIterator();
    Kept first = null;
    while (it.hasNext()) {
      Kept k = it.next();
      if (k.batch.nextOffset() <= offset) {
        break;
      }
      first = k;
    }
    if (first == null) {
      return;
    }
    boolean started = false;
    for (Kept k : window.batches) {
      started |= k == first;
      if (started) {
        List<EncodedRecord> records = k.batch.records();
        for (int i = k.first, n = records.size(); i < n; i++) {
          if (records.get(i).offset() >= offset) {
            each.accept(records.get(i));
          }
        }
      }
    }
  }
}
