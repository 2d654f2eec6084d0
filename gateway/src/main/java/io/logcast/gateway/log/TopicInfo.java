package io.logcast.gateway.log;

/** A topic as Kafka describes it; {@code epoch} is its topic id, which changes when it is re-created. */
public record TopicInfo(String name, String epoch, int partitions) {}
