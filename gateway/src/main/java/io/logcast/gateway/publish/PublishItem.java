package io.logcast.gateway.publish;

import java.util.Map;

/** One record to publish: {@code value} is exactly what is written to Kafka. */
public record PublishItem(String key, byte[] value, Map<String, String> headers) {}
