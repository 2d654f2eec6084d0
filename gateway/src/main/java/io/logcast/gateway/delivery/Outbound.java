package io.logcast.gateway.delivery;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.protocol.CloseCode;
import io.vertx.core.json.JsonObject;

/**
 * How a {@link Client}'s objects reach its peer: a WebSocket ({@link Transport}) or an event
 * stream. Objects queued during a shard's task go out together at its {@link #flush}. Records come
 * with their topic and partition, for transports that carry positions beside them.
 */
public interface Outbound {
  /** Queues a protocol object already encoded; true if it is the first since the last flush. */
  boolean enqueue(byte[] object);

  /** Queues one record of {@code topic}'s partition {@code p}; true if first since the last flush. */
  boolean enqueue(String topic, int p, EncodedRecord record);

  /** Queues a whole batch of {@code topic}'s partition {@code p}; true if first since the last flush. */
  boolean enqueue(String topic, int p, Segment segment);

  /** Sends a control object now, after anything already queued. */
  void send(JsonObject object);

  void flush();

  /** The peer's buffer is past {@code limits.maxOutboundBytes}. */
  boolean congested();

  /** Runs {@code action} once, on the event loop, when the congested peer can take writes again. */
  void whenWritable(Runnable action);

  boolean isClosed();

  /** The close has begun: nothing more is written. */
  void markClosed();

  /** Writes what is queued, then ends the connection with {@code code}. */
  void close(CloseCode code, String reason);

  /** A heartbeat. */
  void ping();
}
