package io.logcast.gateway.log;

import io.vertx.core.Context;
import io.vertx.core.Future;
import org.apache.kafka.clients.admin.OffsetSpec;

/** Where a topic's partitions start and end, or where a time falls in them: what a start position is resolved against. */
public interface LogBounds {
  /** Per partition, the offset for {@code spec} (read_committed), asked for now; -1 where a time matches no record. */
  Future<long[]> offsets(TopicInfo topic, OffsetSpec spec, Context ctx);

  /**
   * The earliest or latest offsets, shared with the callers whose look-up is in flight: possibly
   * one round trip old (see {@link TopicCatalog#offsetsShared}).
   */
  Future<long[]> offsetsShared(TopicInfo topic, OffsetSpec spec, Context ctx);
}
