package io.logcast.load.jmh;

import io.logcast.gateway.live.ShardHarness;
import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.PartitionBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's fixture: one HubShard (the gateway's {@link ShardHarness}, test code) with real
 * Clients, Transports and Subscriptions, whose sockets accept every frame and discard it.
 * Measures one task of the shard: index lookup, the cursor rule per subscription, coalescing and
 * the frame write, without the network.
 */
public final class DispatchBench {
  private final ShardHarness harness = new ShardHarness(null);
  private final String topic = "bench";
  private final String[] keys;
  /** One frame for every record: the bench measures dispatch, not building records. */
  private final byte[] frame;
  private long offset;

  /**
   * @param otherTopics topics in the shard's index besides the one the batches are for
   * @param keyed true: every subscriber wants its own key and each record matches one of them;
   *     false: every subscriber wants the whole topic
   */
  public DispatchBench(int subscribers, boolean keyed, int otherTopics, int payloadBytes) {
    this.frame = ShardHarness.record(topic, 0, 1, null, Math.max(0, payloadBytes - 12)).frame();
    for (int t = 0; t < otherTopics; t++) {
      harness.live("other-" + t, 0);
      harness.subscribe(harness.discardingClient(), "other-" + t, null, 0);
    }
    harness.live(topic, 0);
    this.keys = new String[subscribers];
    for (int i = 0; i < subscribers; i++) {
      keys[i] = "key-" + i;
      harness.subscribe(harness.discardingClient(), topic, keyed ? keys[i] : null, 0);
    }
  }

  /** A batch of {@code records} new records of the topic; with keys, record i goes to subscriber i's key. */
  public List<PartitionBatch> nextBatch(int records) {
    List<EncodedRecord> list = new ArrayList<>(records);
    for (int i = 0; i < records; i++) {
      list.add(new EncodedRecord(offset, keys[(int) (offset % keys.length)], frame, System.currentTimeMillis()));
      offset++;
    }
    return List.of(new PartitionBatch(topic, 0, list, offset, System.currentTimeMillis()));
  }

  public void dispatch(List<PartitionBatch> batch) {
    harness.deliver(batch);
  }

  public double delivered() {
    return harness.metrics().delivered(topic).count();
  }
}
