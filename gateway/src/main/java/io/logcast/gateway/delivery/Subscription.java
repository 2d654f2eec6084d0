package io.logcast.gateway.delivery;

import io.logcast.gateway.catchup.ReplayJob;
import io.logcast.gateway.log.EncodedRecord;

/**
 * One client's subscription to a topic (optionally one key), with a cursor per partition: the next
 * offset to deliver. A record is delivered only if its offset is at or past the cursor, which then
 * moves past it ({@link #accept}); that single rule merges replayed and live records with no
 * duplicate and no gap. Each partition also has a {@link State} and, while it catches up, a replay job.
 */
public final class Subscription {
  /** Where a partition's records come from; the shard moves it between these. */
  public enum State {
    /** Waiting to learn where the live stream starts. */
    PENDING,
    /** Fed by the live stream. */
    LIVE,
    /** Fed by a replay job (or the shard's memory) until its cursor reaches the live stream. */
    CATCHING_UP,
    /** Behind, and its client's socket is full: resumes catch-up when it drains. */
    PAUSED
  }

  private final Client client;
  private final String topic;
  private final String key;
  private String epoch;
  private long[] cursor;
  private State[] state;
  private ReplayJob[] jobs;
  private boolean closed;

  public Subscription(Client client, String topic, String key, String epoch, long[] cursors) {
    this.client = client;
    this.topic = topic;
    this.key = key;
    this.epoch = epoch;
    this.cursor = cursors.clone();
    this.state = new State[cursors.length];
    java.util.Arrays.fill(state, State.PENDING);
    this.jobs = new ReplayJob[cursors.length];
    client.added(this);
  }

  /**
   * The cursor rule: queues {@code r} on the client if it is at or past partition {@code p}'s
   * cursor, which then moves past it. True if it was queued.
   */
  public boolean accept(int p, EncodedRecord r) {
    long before = cursor[p];
    if (r.offset() < before) {
      return false;
    }
    cursor[p] = r.offset() + 1;
    client.enqueue(this, p, r, before);
    return true;
  }

  /** Queues a whole batch (a shared segment) that starts at or before the cursor and ends at {@code next}. */
  public void acceptAll(int p, Segment segment, long next) {
    cursor[p] = next;
    client.enqueue(this, p, segment);
  }

  /** Moves partition {@code p}'s cursor to {@code offset} if that is further: a read range ended, or a gap. */
  public void advance(int p, long offset) {
    cursor[p] = Math.max(cursor[p], offset);
  }

  /** True if {@code key} is what this subscription wants (a whole-topic one wants every key). */
  public boolean wants(String recordKey) {
    return key == null || key.equals(recordKey);
  }

  public long cursor(int p) {
    return cursor[p];
  }

  public State state(int p) {
    return state[p];
  }

  public void state(int p, State s) {
    state[p] = s;
  }

  /** True when every partition is fed by the live stream. */
  public boolean allLive() {
    for (State s : state) {
      if (s != State.LIVE) {
        return false;
      }
    }
    return true;
  }

  public int partitions() {
    return cursor.length;
  }

  /**
   * The topic has {@code partitions} now: the new partitions start PENDING at offset 0, so every
   * record they hold is delivered (a log start above 0 is then reported as a gap, as any other).
   */
  public void grow(int partitions) {
    int before = cursor.length;
    if (partitions <= before) {
      return;
    }
    cursor = java.util.Arrays.copyOf(cursor, partitions);
    state = java.util.Arrays.copyOf(state, partitions);
    java.util.Arrays.fill(state, before, partitions, State.PENDING);
    jobs = java.util.Arrays.copyOf(jobs, partitions);
  }

  /**
   * The topic was re-created: the subscription starts over on the new log, at {@code start}
   * (per partition, its log start), with the new epoch. Replay jobs of the old log are cancelled.
   */
  public void restart(String newEpoch, long[] start) {
    for (ReplayJob job : jobs) {
      if (job != null) {
        job.cancel();
      }
    }
    epoch = newEpoch;
    cursor = start.clone();
    state = new State[start.length];
    java.util.Arrays.fill(state, State.PENDING);
    jobs = new ReplayJob[start.length];
  }

  /** Partition {@code p}'s replay job, or null. */
  public ReplayJob job(int p) {
    return jobs[p];
  }

  public void job(int p, ReplayJob job) {
    jobs[p] = job;
  }

  /** Stops this subscription for good: its replay jobs are cancelled. False if it was already closed. */
  public boolean close() {
    if (closed) {
      return false;
    }
    closed = true;
    client.removed(this);
    for (ReplayJob job : jobs) {
      if (job != null) {
        job.cancel();
      }
    }
    return true;
  }

  public boolean closed() {
    return closed;
  }

  public Client client() {
    return client;
  }

  public String topic() {
    return topic;
  }

  public String key() {
    return key;
  }

  public String epoch() {
    return epoch;
  }

  /** The subscription's identity on its connection: the topic, and the key if any. */
  public String target() {
    return target(topic, key);
  }

  public static String target(String topic, String key) {
    return key == null ? topic : topic + '\u0000' + key;
  }
}
