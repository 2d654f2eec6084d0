package io.logcast.gateway.protocol;

import java.util.List;
import java.util.Map;

/** Client → server objects, parsed and validated. {@code id} is null when the client sent none. */
public sealed interface Inbound {

  record Hello(String token, Resume resume) implements Inbound {}

  record Resume(String session, String secret, List<ResumeSubscription> subscriptions) {}

  record ResumeSubscription(String topic, String key, String epoch, Map<Integer, Long> offsets) {}

  record Subscribe(Long id, String topic, String key, From from) implements Inbound {}

  record Unsubscribe(Long id, String topic, String key) implements Inbound {}

  record Ack(String topic, String key, Map<Integer, Long> offsets) implements Inbound {}

  /** {@code value} is what is written to Kafka: the JSON text of {@code data}, or its base64-decoded bytes. */
  record Publish(Long id, String topic, String key, byte[] value, Map<String, String> headers, String idempotencyKey)
      implements Inbound {}

  record Ping() implements Inbound {}

  record Refresh(Long id, String token) implements Inbound {}
}
