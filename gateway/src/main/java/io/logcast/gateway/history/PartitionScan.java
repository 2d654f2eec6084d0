package io.logcast.gateway.history;

import io.logcast.gateway.catchup.ReplayChunk;
import io.logcast.gateway.log.EncodedRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition's part of a history page, read in chunks through the replay pool. Forward it reads
 * from {@code start} towards {@code bound} (the end when the page began); backward it reads windows
 * below {@code bound} (doubling while a key matches rarely) down to the log start. It keeps at most
 * {@code limit} matching records, in the order the page lists them, and knows where the partition
 * continues whatever prefix of them the page takes. Used on the query's context only.
 */
final class PartitionScan {
  /** The first backward window, and the most a window grows to (records). */
  static final long FIRST_WINDOW = 100;
  static final long MAX_WINDOW = 64_000;

  final int partition;
  final boolean forward;
  private final long floor;
  private final long bound;
  private final int limit;
  private final long maxBytes;
  /** Forward: oldest first; backward: newest first. */
  final List<EncodedRecord> kept = new ArrayList<>();
  final List<long[]> gaps = new ArrayList<>();
  private long keptBytes;
  /** Forward: the next offset to read. */
  private long position;
  /** Backward: the window being read is [windowLow, windowEnd); reading has reached readPos. */
  private long windowLow;
  private long windowEnd;
  private long readPos;
  private long window = FIRST_WINDOW;
  private final List<EncodedRecord> windowRecords = new ArrayList<>();
  /** Where the partition continues past every kept record (forward) or below them (backward). */
  private long resume;
  private boolean done;
  private boolean readAny;

  /**
   * @param start forward: the first offset to read; backward: the upper bound (exclusive)
   * @param floor the log start now
   * @param end   forward: the end of the log now (exclusive); unused backward
   */
  PartitionScan(int partition, boolean forward, long start, long floor, long end, int limit, long maxBytes) {
    this.partition = partition;
    this.forward = forward;
    this.floor = floor;
    this.bound = forward ? end : start;
    this.limit = limit;
    this.maxBytes = maxBytes;
    this.resume = start;
    if (forward) {
      position = start;
      done = start >= end;
    } else {
      windowEnd = Math.max(start, floor);
      done = windowEnd <= floor;
      if (!done) {
        nextWindow();
      }
    }
  }

  boolean done() {
    return done;
  }

  boolean readAny() {
    return readAny;
  }

  /** The offset the next chunk is read from. */
  long readFrom() {
    return forward ? position : readPos;
  }

  /** Stops reading (deadline, failure): what was kept stays valid, {@code resume} says where to go on. */
  void stop() {
    done = true;
  }

  /** Takes a chunk read from {@link #readFrom()}; false when the partition needs no more reading. */
  boolean onChunk(ReplayChunk chunk) {
    readAny = true;
    if (chunk.hasGap()) {
      gaps.add(new long[] {chunk.gapFrom(), chunk.gapTo()});
    }
    return forward ? forward(chunk) : backward(chunk);
  }

  private boolean forward(ReplayChunk chunk) {
    for (EncodedRecord r : chunk.records()) {
      if (r.offset() >= bound) {
        break;
      }
      if (kept.size() >= limit || keptBytes >= maxBytes) {
        resume = r.offset(); // the first matching record not kept
        return finish();
      }
      keep(r);
    }
    position = Math.max(position, chunk.nextOffset());
    resume = Math.min(position, bound);
    return position >= bound || kept.size() >= limit || keptBytes >= maxBytes ? finish() : true;
  }

  private boolean backward(ReplayChunk chunk) {
    if (chunk.hasGap()) {
      readPos = Math.max(readPos, chunk.gapTo()); // retention took the bottom of the window meanwhile
    }
    for (EncodedRecord r : chunk.records()) {
      if (r.offset() < windowEnd) {
        windowRecords.add(r);
      }
    }
    readPos = Math.max(readPos, chunk.nextOffset());
    if (readPos < windowEnd) {
      return true; // more of this window to read (a turn that read nothing is retried)
    }
    // the window is read: its records, newest first, go below the newer ones kept already
    for (int i = windowRecords.size() - 1; i >= 0; i--) {
      EncodedRecord r = windowRecords.get(i);
      if (kept.size() >= limit || keptBytes >= maxBytes) {
        resume = r.offset() + 1; // the newest matching record not kept
        return finish();
      }
      keep(r);
    }
    windowRecords.clear();
    resume = windowLow;
    if (windowLow <= floor || kept.size() >= limit || keptBytes >= maxBytes) {
      return finish();
    }
    windowEnd = windowLow;
    window = Math.min(window * 2, MAX_WINDOW);
    nextWindow();
    return true;
  }

  private void nextWindow() {
    windowLow = Math.max(floor, windowEnd - Math.max(window, limit));
    readPos = windowLow;
  }

  private void keep(EncodedRecord r) {
    kept.add(r);
    keptBytes += r.frame().length;
  }

  private boolean finish() {
    done = true;
    return false;
  }

  /**
   * Where the partition continues after the page took the first {@code taken} kept records: the
   * next offset forward, the exclusive upper bound backward.
   */
  long continuation(int taken) {
    if (taken < kept.size()) {
      long o = kept.get(taken).offset();
      return forward ? o : o + 1;
    }
    return resume;
  }

  /** Nothing more in this direction after the page took {@code taken} records. */
  boolean exhausted(int taken) {
    long c = continuation(taken);
    return forward ? c >= bound : c <= floor;
  }
}
