package io.logcast.gateway.metrics;

import io.logcast.gateway.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Publish requests (socket {@code publish} and HTTP) by outcome: {@code ok} or the error code the
 * caller got; messages published per topic tag; idempotent replays answered from the store.
 */
public final class PublishMeters {
  private final Counter ok;
  private final Counter duplicates;
  private final Map<ErrorCode, Counter> failed = new EnumMap<>(ErrorCode.class);
  private final Map<String, Counter> messages = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final TopicTags topicTags;
  private final LimitRecorder limits;

  public PublishMeters(MeterRegistry registry, TopicTags topicTags, LimitRecorder limits) {
    this.registry = registry;
    this.topicTags = topicTags;
    this.limits = limits;
    ok = request(registry, "ok");
    for (ErrorCode c : ErrorCode.values()) {
      failed.put(c, request(registry, c.wire()));
    }
    duplicates = Counter.builder("logcast.publish.duplicates")
        .description("Publish requests answered from the idempotency store instead of being written again")
        .register(registry);
    topicTags.values().forEach(this::messages);
  }

  private static Counter request(MeterRegistry registry, String outcome) {
    return Counter.builder("logcast.publish.requests").tag("outcome", outcome)
        .description("Publish requests (socket and HTTP), by outcome: ok or the error code returned")
        .register(registry);
  }

  private Counter messages(String topic) {
    return messages.computeIfAbsent(topicTags.of(topic), t -> Counter.builder("logcast.messages.published")
        .tag("topic", t).description("Messages written to Kafka by publish requests").register(registry));
  }

  public void succeeded(String topic, int items) {
    ok.increment();
    messages(topic).increment(items);
  }

  public void failed(ErrorCode code) {
    failed.get(code).increment();
  }

  public void duplicate() {
    duplicates.increment();
  }

  /** A new idempotency key refused: the store holds its bound of keys. */
  public void keysFull() {
    limits.rejected(LimitKind.IDEMPOTENCY_KEYS);
  }
}
