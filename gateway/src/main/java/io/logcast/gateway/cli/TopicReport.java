package io.logcast.gateway.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

/** The text of {@code logcast topics describe}: what an operator checks before exposing a topic. */
final class TopicReport {
  private TopicReport() {}

  static String of(Admin admin, String topic, TopicsCommand.Caller kafka) throws Exception {
    TopicDescription d = kafka.call(admin.describeTopics(List.of(topic)).topicNameValues().get(topic), topic);
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (TopicPartitionInfo p : d.partitions()) {
      earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
    }
    Map<TopicPartition, ListOffsetsResultInfo> starts = kafka.call(admin.listOffsets(earliest).all(), topic);
    Map<TopicPartition, ListOffsetsResultInfo> ends = kafka.call(admin.listOffsets(latest).all(), topic);
    ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config config = kafka.call(admin.describeConfigs(List.of(res)).all(), topic).get(res);

    StringBuilder out = new StringBuilder();
    int replicas = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
    out.append("topic        ").append(topic).append('\n')
        .append("id           ").append(d.topicId()).append("   (the gateway's epoch)\n")
        .append("partitions   ").append(d.partitions().size()).append('\n')
        .append("replication  ").append(replicas).append('\n');
    String overrides = config.entries().stream()
        .filter(e -> e.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)
        .map(e -> e.name() + "=" + (e.isSensitive() ? "****" : e.value()))
        .sorted().collect(Collectors.joining(", "));
    out.append("settings     ").append(overrides.isEmpty() ? "(broker defaults)" : overrides).append('\n');
    out.append(String.format("%n%-10s %-8s %-16s %-16s %12s %12s%n", "partition", "leader", "replicas", "in-sync",
        "start", "end"));
    for (TopicPartitionInfo p : d.partitions()) {
      TopicPartition tp = new TopicPartition(topic, p.partition());
      out.append(String.format("%-10d %-8s %-16s %-16s %12d %12d%n", p.partition(),
          p.leader() == null ? "none" : p.leader().idString(), ids(p.replicas()), ids(p.isr()),
          starts.get(tp).offset(), ends.get(tp).offset()));
    }
    return out.toString();
  }

  private static String ids(List<Node> nodes) {
    return nodes.stream().map(Node::idString).collect(Collectors.joining(","));
  }
}
