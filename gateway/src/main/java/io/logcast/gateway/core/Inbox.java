package io.logcast.gateway.core;

import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands the LogTail thread's events to one shard's event loop, in order, paced by
 * {@link FlushPacing}: while the shard is busy or paced, events pile up here and the next task
 * takes them all. Consecutive batches are merged per partition first, so each client gets one
 * frame for several polls' records; the task then ends with {@code written} (the write cycle).
 * With nothing queued and the pacing due, an event runs at once: no timer, no added latency.
 */
final class Inbox {
  private final ConcurrentLinkedQueue<Object> events = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Context context;
  private final HubShard shard;
  private final FlushPacing pacing;

  Inbox(Context context, HubShard shard, FlushPacing pacing) {
    this.context = context;
    this.shard = shard;
    this.pacing = pacing;
  }

  void post(Runnable event) {
    offer(event);
  }

  void post(List<PartitionBatch> batch) {
    offer(batch);
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

  @SuppressWarnings("unchecked")
  private void drain(long startNanos) {
    // cleared first: an event posted from here on schedules another task, so none is stranded
    scheduled.set(false);
    List<PartitionBatch> merged = new ArrayList<>();
    Map<String, Integer> slots = new HashMap<>();
    Object event;
    while ((event = events.poll()) != null) {
      if (event instanceof List<?> batch) {
        merge(merged, slots, (List<PartitionBatch>) batch);
      } else {
        deliver(merged, slots); // what came before it first: order holds
        ((Runnable) event).run();
      }
    }
    deliver(merged, slots);
    shard.writeOut();
    pacing.cycle(startNanos, System.nanoTime());
  }

  private void deliver(List<PartitionBatch> merged, Map<String, Integer> slots) {
    if (!merged.isEmpty()) {
      shard.deliver(merged);
      merged.clear();
      slots.clear();
    }
  }

  /** Appends each partition's records to that partition's earlier batch in this task, if any. */
  private static void merge(List<PartitionBatch> merged, Map<String, Integer> slots, List<PartitionBatch> batch) {
    for (PartitionBatch pb : batch) {
      Integer slot = slots.putIfAbsent(pb.topic() + '\u0000' + pb.partition(), merged.size());
      if (slot == null) {
        merged.add(pb);
      } else {
        PartitionBatch before = merged.get(slot);
        List<EncodedRecord> records = new ArrayList<>(before.records().size() + pb.records().size());
        records.addAll(before.records());
        records.addAll(pb.records());
        merged.set(slot, new PartitionBatch(pb.topic(), pb.partition(), records, pb.nextOffset(), before.polledAtMs()));
      }
    }
  }
}
