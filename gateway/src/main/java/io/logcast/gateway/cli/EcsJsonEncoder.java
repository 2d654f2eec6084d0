package io.logcast.gateway.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One flat JSON object per line with ECS field names, so Loki and Elasticsearch read every field
 * without parsing rules: {@code @timestamp}, {@code log.level}, {@code log.logger},
 * {@code process.thread.name}, {@code message}, each key-value pair as a top-level field of its own
 * JSON type, and an exception as {@code error.type}, {@code error.message}, {@code error.stack_trace}.
 *
 * <p>A pair never replaces one of these fields: one named like a reserved field (or like an ECS
 * object holding them, such as {@code log}) is written as {@code kv.<key>}. The pair {@code event}
 * is written as {@code event.action}, since {@code event} is an object in ECS. Of two pairs with one
 * key, the last one wins.
 */
public final class EcsJsonEncoder extends EncoderBase<ILoggingEvent> {
  static final String COLLISION_PREFIX = "kv.";
  private static final Set<String> RESERVED = Set.of("@timestamp", "message", "log", "log.level", "log.logger",
      "process", "process.thread", "process.thread.name", "error", "error.type", "error.message",
      "error.stack_trace");
  private static final Map<String, String> ECS_NAMES = Map.of("event", "event.action");
  // fixed millisecond precision: ISO_INSTANT would drop ".000" and break lexical sorting
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return (line(event).encode() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  /** The object of one event, in the order a reader scans a line. */
  static JsonObject line(ILoggingEvent event) {
    JsonObject json = new JsonObject()
        .put("@timestamp", TIMESTAMP.format(Instant.ofEpochMilli(event.getTimeStamp())))
        .put("log.level", event.getLevel().toString())
        .put("log.logger", event.getLoggerName())
        .put("process.thread.name", event.getThreadName())
        .put("message", event.getFormattedMessage());
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        json.put(fieldName(kv.key), typed(kv.value));
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      json.put("error.type", error.getClassName());
      if (error.getMessage() != null) {
        json.put("error.message", error.getMessage());
      }
      json.put("error.stack_trace", ThrowableProxyUtil.asString(error));
    }
    return json;
  }

  static String fieldName(String key) {
    String k = String.valueOf(key);
    String ecs = ECS_NAMES.get(k);
    if (ecs != null) {
      return ecs;
    }
    return RESERVED.contains(k) ? COLLISION_PREFIX + k : k;
  }

  /** Numbers and booleans keep their JSON type; anything else is its string form. */
  static Object typed(Object v) {
    if (v == null || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof Double d && !d.isInfinite() && !d.isNaN() || v instanceof Float f && !f.isInfinite() && !f.isNaN()
        || v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger || v instanceof BigDecimal) {
      return v;
    }
    return String.valueOf(v); // NaN and Infinity have no JSON form
  }
}
