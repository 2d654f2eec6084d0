package io.logcast.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code logcast_consumer_lag_records{topic}}: records the live consumer has not fetched yet, summed
 * per topic tag (see {@link TopicTags}). Written by the LogTail thread, read at scrape time.
 */
public final class ConsumerLag {
  private final MeterRegistry registry;
  private final TopicTags tags;
  private final Map<String, AtomicLong> byTag = new ConcurrentHashMap<>();

  public ConsumerLag(MeterRegistry registry, TopicTags tags) {
    this.registry = registry;
    this.tags = tags;
    tags.values().forEach(this::gauge);
  }

  private AtomicLong gauge(String tag) {
    return byTag.computeIfAbsent(tag, t -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder("logcast.consumer.lag", v, AtomicLong::get).baseUnit("records").tag("topic", t)
          .description("Records of the live topics not yet fetched by this instance's live consumer")
          .register(registry);
      return v;
    });
  }

  /** @param lagByTopic lag per topic name; topics absent from it count as caught up */
  public void update(Map<String, Long> lagByTopic) {
    Map<String, Long> sums = new java.util.HashMap<>();
    lagByTopic.forEach((topic, lag) -> sums.merge(tags.of(topic), lag, Long::sum));
    byTag.forEach((tag, v) -> v.set(sums.getOrDefault(tag, 0L)));
  }
}
