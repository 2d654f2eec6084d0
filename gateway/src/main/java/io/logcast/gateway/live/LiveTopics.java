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

  LiveTopics(LogTail.Sink sink) {
    this.sink = sink;
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
