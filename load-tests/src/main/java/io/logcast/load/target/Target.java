package io.logcast.load.target;

import io.logcast.load.measure.ServerProbe;
import io.logcast.load.publish.Publisher;

/** A system under load: where clients connect, how they subscribe, how data is published, how it is probed. */
public interface Target extends AutoCloseable {
  /** A short name for reports: logcast, nats, nchan, socketio, vertx-raw. */
  String name();

  /** How it publishes, for reports (e.g. "Kafka producer acks=all, linger.ms=1"). */
  String publishPath();

  Protocol protocol();

  /** Makes a fresh topic/channel ready (created where the target needs it) and returns its name. */
  String prepareTopic(String prefix);

  /** A topic of {@code partitions} partitions (a peer's channel has none: it ignores them). */
  String prepareTopic(String prefix, int partitions);

  Publisher publisher(String topic);

  /**
   * A publisher of the keyed workload ({@code Keys}): Logcast's records carry keys; a peer
   * publishes each to its key's channel.
   */
  Publisher publisher(String topic, int keys);

  /** The mixed case: message seq to {@code topics.get(seq % n)}, whole topics, no keys. */
  Publisher publisher(java.util.List<String> topics);

  /** The server process(es) to measure; {@link ServerProbe#none()} when unknown. */
  ServerProbe probe();

  @Override
  void close();
}
