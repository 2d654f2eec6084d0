package io.logcast.gateway.live;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.PartitionBatch;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands the LogTail thread's events to one shard's event loop, in order, paced by
 * {@link FlushPacing}: while the shard is busy or paced, events pile up here and the next task
 * takes them all. Consecutive batches are merged per partition first, so each client gets one
 * frame for several polls' records; the task then ends with {@code written} (the write cycle).
 * With nothing queued and the pacing due, an event runs at once: no timer, no added latency.
 * What arrives while a task runs is taken by the next one, which runs after the loop's I/O
 * ({@link #afterIo}): back-to-back tasks would keep reads, pongs and timers waiting.
 *
 * <p>Bounded: past {@code maxBytes} of waiting records (the loop is stalled, or far too slow) the
 * batches that arrive are not queued; an {@link Overflow} marker takes their place and records
 * where the stream got to, and when the loop reaches it the shard's live positions jump there, so
 * its subscriptions behind catch up from the log. Memory stays bounded whatever the loop does,
 * and no record is skipped silently: the cursor rule never sees the hole as delivered.
 */
final class Inbox {
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final Context context;
  private final HubShard shard;
  private final FlushPacing pacing;
  private final long maxBytes;
  private final Runnable overflowed;
  /** Runs a task after the loop's next I/O pass. */
  private final Executor afterIo;
  private final Runnable drainWhenDue = this::drainWhenDue;
  /** The marker batches are folded into while the inbox is full; null while it is not. Guarded by this. */
  private Overflow overflow;

  Inbox(Context context, HubShard shard, FlushPacing pacing, long maxBytes, Runnable overflowed,
      Executor afterIo) {
    this.context = context;
    this.shard = shard;
    this.pacing = pacing;
    this.maxBytes = maxBytes;
    this.overflowed = overflowed;
    this.afterIo = afterIo;
  }

  void post(Runnable event) {
    synchronized (this) {
      // a marker takes no batch that came after this event: the shard sees both in stream order
      overflow = null;
      offer(event);
    }
  }

  /** {@code bytes}: the batch's record bytes, counted against the bound until it is delivered. */
  void post(List<PartitionBatch> batch, long bytes) {
    synchronized (this) {
      // an empty inbox takes any batch: one large poll is not a loop falling behind
      long queued = queuedBytes.get();
      if (overflow == null && queued > 0 && queued + bytes > maxBytes) {
        overflow = new Overflow();
        overflowed.run();
        offer(overflow);
      }
      if (overflow != null) {
        overflow.skip(batch);
        return;
      }
    }
    queuedBytes.addAndGet(bytes);
    offer(new Queued(batch, bytes));
  }

  /** Record bytes waiting for the loop. */
  long queuedBytes() {
    return queuedBytes.get();
  }

  private void offer(Object event) {
    events.add(event);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drainWhenDue());
    }
  }

  private void drainWhenDue() {
    long now = System.nanoTime();
    if (pacing.due(now)) {
      drain(now);
    } else {
      context.owner().setTimer(pacing.delayMs(now), t -> drain(System.nanoTime()));
    }
  }

  private void drain(long startNanos) {
    try {
      Merge merge = new Merge();
      Object event;
      while ((event = events.poll()) != null) {
        if (event instanceof Queued q) {
          queuedBytes.addAndGet(-q.bytes);
          merge.add(q.batch);
        } else if (event instanceof Overflow o) {
          deliver(merge); // what came before it first: order holds
          Map<String, long[]> skipped;
          synchronized (this) {
            skipped = o.positions;
            if (overflow == o) {
              overflow = null; // batches from here on queue again, after this point in the stream
            }
          }
          skipped.forEach(shard::onSkipped);
        } else {
          deliver(merge);
          ((Runnable) event).run();
        }
      }
      deliver(merge);
      boolean fanOut = shard.writeOut();
      pacing.cycle(startNanos, System.nanoTime(), fanOut);
    } finally {
      // what came during this task (the loop is busy) is taken after the loop's I/O; cleared before
      // the look, so an event posted from here on schedules a task itself and none is stranded
      scheduled.set(false);
      if (!events.isEmpty() && scheduled.compareAndSet(false, true)) {
        afterIo.execute(drainWhenDue);
      }
    }
  }

  private void deliver(Merge merge) {
    if (!merge.batches.isEmpty()) {
      shard.deliver(merge.batches);
      merge.clear();
    }
  }

  private record Queued(List<PartitionBatch> batch, long bytes) {}

  /** Where the stream got to while batches were not queued: per topic, per partition (-1: none skipped); guarded by the inbox. */
  private static final class Overflow {
    final Map<String, long[]> positions = new HashMap<>();

    void skip(List<PartitionBatch> batch) {
      for (PartitionBatch pb : batch) {
        long[] at = positions.computeIfAbsent(pb.topic(), t -> new long[0]);
        if (at.length <= pb.partition()) {
          long[] grown = java.util.Arrays.copyOf(at, pb.partition() + 1);
          java.util.Arrays.fill(grown, at.length, grown.length, -1);
          positions.put(pb.topic(), at = grown);
        }
        at[pb.partition()] = Math.max(at[pb.partition()], pb.nextOffset());
      }
    }
  }

  /**
   * The batches of one task, one per partition: a partition's later records are appended to its
   * first batch's, copied once into a growing list (not once per batch merged).
   */
  private static final class Merge {
    final List<PartitionBatch> batches = new ArrayList<>();
    private final Map<String, Integer> slots = new HashMap<>();
    private final Map<Integer, List<EncodedRecord>> growing = new HashMap<>();

    void add(List<PartitionBatch> batch) {
      for (PartitionBatch pb : batch) {
        Integer slot = slots.putIfAbsent(pb.topic() + '\u0000' + pb.partition(), batches.size());
        if (slot == null) {
          batches.add(pb);
          continue;
        }
        PartitionBatch before = batches.get(slot);
        List<EncodedRecord> records = growing.get(slot);
        if (records == null) {
          records = new ArrayList<>(before.records().size() + pb.records().size() * 2);
          records.addAll(before.records());
          growing.put(slot, records);
        }
        records.addAll(pb.records());
        batches.set(slot, new PartitionBatch(pb.topic(), pb.partition(), records, pb.nextOffset(),
            before.polledAtMs()));
      }
    }

    void clear() {
      batches.clear();
      slots.clear();
      growing.clear();
    }
  }
}
