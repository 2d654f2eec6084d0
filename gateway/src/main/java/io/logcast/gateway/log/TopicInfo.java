package io.logcast.gateway.log;

/**
 * A topic as Kafka describes it; {@code epoch} is its topic id, which changes when it is re-created.
 * {@code readable}: the gateway's own credentials may read it (false only where the cluster's
 * authorizer says so).
 */
public record TopicInfo(String name, String epoch, int partitions, boolean readable) {
  public TopicInfo(String name, String epoch, int partitions) {
    this(name, epoch, partitions, true);
  }
}
