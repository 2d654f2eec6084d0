package io.logcast.load.scenario;

import picocli.CommandLine.Option;

/**
 * How the subscribers split into groups that each want part of the records: by key of one topic
 * ({@code --keys}), or by topic (the mixed case, {@code --topics}); and the Logcast topic's partitions.
 */
final class GroupOptions {
  @Option(names = "--keys", defaultValue = "0",
      description = "0: every subscriber wants the whole topic; K: subscriber i wants key i %% K and records are spread "
          + "evenly over the K keys (Logcast: keyed subscriptions of one topic; a peer: a channel per key) "
          + "(default: ${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--topics", defaultValue = "1",
      description = "T > 1, the mixed case: T topics, subscriber i wants the whole of topic i %% T and records are "
          + "spread evenly over them; not with --keys (default: ${DEFAULT-VALUE})")
  int topics;

  @Option(names = "--partitions", defaultValue = "1",
      description = "the Logcast topic's partitions; peers' channels have none (default: ${DEFAULT-VALUE})")
  int partitions;

  /** How many groups the subscribers form: each record goes to subscribers / groups of them. */
  int groups() {
    return keys > 0 ? keys : Math.max(1, topics);
  }

  /** For run names: " over 1000 keys", " over 100 topics", or "". */
  String label() {
    return keys > 0 ? " over " + keys + " keys" : topics > 1 ? " over " + topics + " topics" : "";
  }

  FanoutRun.Spec apply(FanoutRun.Spec spec) {
    return spec.keyed(keys, partitions).over(topics);
  }
}
