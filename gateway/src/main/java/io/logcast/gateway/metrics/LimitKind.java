package io.logcast.gateway.metrics;

import java.util.Locale;

/** Which bound refused something: the {@code kind} tag of {@code logcast_limit_rejections_total}. */
public enum LimitKind {
  /** An object dropped by the per-connection inbound rate (or too many objects before welcome). */
  RATE,
  /** A client message over limits.maxMessageBytes (close 1009). */
  MESSAGE_SIZE,
  /** A subscribe over limits.maxSubscriptionsPerConnection. */
  SUBSCRIPTIONS,
  /** A socket refused at limits.maxConnections (every socket of the public port counts). */
  CONNECTIONS,
  /** An upgrade refused by limits.maxConnectsPerSecond. */
  CONNECT_RATE,
  /** An upgrade refused by the per-principal connection cap. */
  CONNECTIONS_PER_PRINCIPAL,
  /** A compressed message that inflates past the size limit. */
  INFLATED_SIZE,
  /** A topic name longer than limits.maxTopicLength. */
  TOPIC_LENGTH,
  /** A key longer than limits.maxKeyLength. */
  KEY_LENGTH,
  /** An HTTP publish with more items than limits.maxPublishBatch. */
  PUBLISH_BATCH,
  /** An HTTP body over limits.maxHttpBodyBytes. */
  HTTP_BODY,
  /** A publish refused at publish.maxInFlight. */
  PUBLISH_IN_FLIGHT,
  /** An HTTP publish over limits.publishPerSecond for its principal (or address). */
  PUBLISH_RATE,
  /** A socket refused at limits.maxPendingPerAddress: its address holds that many without a hello. */
  PENDING_PER_ADDRESS,
  /** A socket refused by limits.maxConnectsPerSecondPerAddress. */
  CONNECT_RATE_PER_ADDRESS,
  /** A connection closed for a request line, headers or body not read within its timeout. */
  REQUEST_TIMEOUT,
  /** A publish with a new idempotency key refused at session.maxIdempotencyKeysPerMember. */
  IDEMPOTENCY_KEYS,
  /** A history page refused at history.maxConcurrent. */
  HISTORY_CONCURRENCY,
  /** A history page over history.perSecond for its principal (or address). */
  HISTORY_RATE;

  /** The tag value, e.g. {@code connect_rate}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
