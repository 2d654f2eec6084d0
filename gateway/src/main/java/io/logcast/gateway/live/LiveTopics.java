package io.logcast.gateway.live;

import io.logcast.gateway.log.TopicInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the live reader follows and tells the shards: topics wanted by shards, their partitions
 * (added ones read from their start), re-created ones (a new log from its start), and where each
 * live stream starts. Used by the {@link LogTail} thread only, on whichever consumer it has now.
 */
final class LiveTopics {
  private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);

  enum Kind { WANT, RELEASE, GROW, RECREATE }

  /** A change handed to the LogTail thread. */
  record Command(Kind kind, TopicInfo topic) {}

  private final LivePositions positions = new LivePositions();
  private final LogTail.Sink sink;
  /** Topics the gateway may not read now, and when to try again; their partitions are not assigned meanwhile. */
  private final Map<String, Long> parked = new java.util.HashMap<>();
  private long parkMs = 30_000;

  LiveTopics(LogTail.Sink sink) {
    this.sink = sink;
  }

  /** How long an unreadable topic waits before it is tried again (tests shorten it). */
  void parkMs(long ms) {
    parkMs = ms;
  }

  /**
   * The gateway may not read these topics (Kafka ACLs): they are taken off the consumer, so the
   * error stops repeating for every topic, and tried again after {@code parkMs}, where they were.
   * Their subscribers get nothing meanwhile; every other topic keeps streaming.
   */
  void park(Set<String> unreadable, LiveReader reader, long nowMs) {
    for (String topic : unreadable) {
      long[] at = positions.of(topic);
      if (at != null && parked.put(topic, nowMs + parkMs) == null) {
        reader.unassign(LiveReader.partitions(topic, at.length));
        LOG.warn("the gateway is not authorized to read topic {}: its subscribers get nothing until it is;"
            + " trying again every {} s", topic, parkMs / 1000);
      }
    }
  }

  /** Parked topics whose time has come go back on the consumer, each partition where it stopped. */
  void unpark(LiveReader reader, long nowMs) {
    if (parked.isEmpty()) {
      return;
    }
    for (var it = parked.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      long[] at = positions.of(e.getKey());
      if (at == null) {
        it.remove(); // released meanwhile
      } else if (e.getValue() <= nowMs) {
        it.remove();
        Map<TopicPartition, Long> resume = new java.util.HashMap<>();
        for (int p = 0; p < at.length; p++) {
          if (at[p] >= 0) {
            resume.put(new TopicPartition(e.getKey(), p), at[p]);
          }
        }
        reader.assign(LiveReader.partitions(e.getKey(), at.length), resume);
      }
    }
  }

  LivePositions positions() {
    return positions;
  }

  Map<String, TopicInfo> followed() {
    return positions.followed();
  }

  /** Applies one command of a shard (or the topic watch) to the assignment of {@code reader}. */
  void apply(Command c, LiveReader reader) {
    switch (c.kind()) {
      case WANT -> {
        List<TopicPartition> fresh = positions.want(c.topic());
        if (fresh != null) {
          reader.assign(fresh, Map.of());
        }
      }
      case RELEASE -> {
        List<TopicPartition> gone = positions.release(c.topic().name());
        if (gone != null) {
          reader.unassign(gone);
          sink.onDropped(c.topic().name());
        }
      }
      case GROW -> addPartitions(c.topic().name(), c.topic().partitions(), reader);
      case RECREATE -> recreate(c.topic(), reader);
    }
  }

  /** New partitions start at their log start; the shards learn where (-1: an old partition, unchanged). */
  private void addPartitions(String topic, int partitions, LiveReader reader) {
    List<TopicPartition> fresh = positions.grow(topic, partitions);
    if (fresh == null) {
      return;
    }
    reader.assignFromStart(fresh);
    long[] announced = positions.moved(fresh, reader::position).get(topic);
    LOG.info("topic {} grew to {} partitions: reading the new ones from their start", topic, partitions);
    sink.onLive(topic, announced);
  }

  /** The old log is gone: read the new one from its start, and tell the shards its epoch. */
  private void recreate(TopicInfo topic, LiveReader reader) {
    List<TopicPartition> gone = positions.recreate(topic);
    if (gone == null) {
      return;
    }
    reader.unassign(gone);
    List<TopicPartition> fresh = LiveReader.partitions(topic.name(), topic.partitions());
    reader.assignFromStart(fresh);
    long[] start = positions.moved(fresh, reader::position).get(topic.name());
    LOG.warn("topic {} was re-created (epoch {}): its subscriptions restart at the new log's start",
        topic.name(), topic.epoch());
    sink.onRecreated(topic.name(), topic.epoch(), start);
  }

  /** Tells the shards where each new topic's live stream starts; retried until Kafka answers. */
  void announce(LiveReader reader) {
    for (var it = positions.unannounced(); it.hasNext(); ) {
      String topic = it.next();
      if (parked.containsKey(topic)) {
        continue; // not on the consumer now: announced once it may be read
      }
      long[] at = positions.of(topic);
      for (int p = 0; p < at.length; p++) {
        at[p] = reader.position(new TopicPartition(topic, p));
      }
      it.remove();
      sink.onLive(topic, at.clone());
    }
  }

  /** Retention overtook the live tail: restart at the log start; clients behind it get a gap from Replay. */
  void restartAtBeginning(Set<TopicPartition> tps, LiveReader reader) {
    reader.seekToBeginning(tps);
    positions.moved(tps, reader::position).forEach(sink::onLive);
  }

}
