package io.logcast.gateway.config;

/**
 * The live stream: how long the live reader may go without a successful poll before the
 * instance reports not ready, and how much of the stream one event loop may have queued.
 *
 * @param stallTimeoutMs no successful poll for this long, with partitions assigned: readiness DOWN
 * @param maxInboxBytes record bytes one event loop may have waiting; past it the loop's clients
 *     are served from the log instead (they catch up, nothing is dropped)
 * @param topicCheckMs how often the topics read live are described again, to find new partitions
 * @param unreadableRetryMs how long a followed topic the gateway may no longer read (Kafka ACLs)
 *     stays off the live consumer before it is tried again
 */
public record LiveConfig(long stallTimeoutMs, long maxInboxBytes, long topicCheckMs, long unreadableRetryMs) {
  public static final long DEFAULT_STALL_TIMEOUT_MS = 30_000;
  /** About 16 s of a 1,000-record/s stream of 2 KiB records, per event loop. */
  public static final long DEFAULT_MAX_INBOX_BYTES = 32L << 20;
  public static final long DEFAULT_TOPIC_CHECK_MS = 15_000;
  public static final long DEFAULT_UNREADABLE_RETRY_MS = 30_000;
}
