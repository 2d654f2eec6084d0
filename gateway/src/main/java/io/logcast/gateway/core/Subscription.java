package io.logcast.gateway.core;

/**
 * One client's subscription to a topic (optionally one key), with a cursor per partition: the next
 * offset to deliver. A record is delivered only if its offset is at or past the cursor, which then
 * moves past it; that single rule merges replayed and live records with no duplicate and no gap.
 */
final class Subscription implements ReplayJob.Handler {
  /** Waiting to learn where the live stream starts. */
  static final byte PENDING = 0;
  /** Fed by the live stream. */
  static final byte LIVE = 1;
  /** Fed by a replay job until its cursor reaches the live stream. */
  static final byte CATCHUP = 2;
  /** Behind, and its client's socket is full: resumes catch-up when it drains. */
  static final byte PAUSED = 3;

  final Client client;
  final String topic;
  final String key;
  final String epoch;
  final long[] cursor;
  final byte[] state;
  final ReplayJob[] jobs;
  boolean closed;

  Subscription(Client client, String topic, String key, String epoch, long[] cursor) {
    this.client = client;
    this.topic = topic;
    this.key = key;
    this.epoch = epoch;
    this.cursor = cursor.clone();
    this.state = new byte[cursor.length];
    this.jobs = new ReplayJob[cursor.length];
  }

  String target() {
    return target(topic, key);
  }

  static String target(String topic, String key) {
    return key == null ? topic : topic + '\u0000' + key;
  }

  @Override
  public void onChunk(ReplayJob job, ReplayChunk chunk) {
    client.shard().onReplayChunk(this, job, chunk);
  }

  @Override
  public void onFailure(ReplayJob job, Throwable error) {
    client.shard().onReplayFailure(this, job);
  }
}
