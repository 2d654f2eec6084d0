package io.logcast.gateway.log;

import io.logcast.gateway.protocol.RecordEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record already encoded as its {@code message} object: the same bytes go to every matching client.
 *
 * @param timestamp the Kafka record's timestamp (ms), for the delivery latency
 */
public record EncodedRecord(long offset, String key, byte[] frame, long timestamp) {
  /** Encodes a consumed record once, for the live stream and for replays alike. */
  public static EncodedRecord of(RecordEncoder encoder, ConsumerRecord<byte[], byte[]> r) {
    return of(encoder, r, key(r));
  }

  /** The same, with the record's key already decoded by a caller that looked at it first. */
  public static EncodedRecord of(RecordEncoder encoder, ConsumerRecord<byte[], byte[]> r, String key) {
    byte[] frame = encoder.encode(r.topic(), key, r.partition(), r.offset(), r.timestamp(), r.value(), r.headers());
    return new EncodedRecord(r.offset(), key, frame, r.timestamp());
  }

  /** The record's key as text, or null. */
  public static String key(ConsumerRecord<byte[], byte[]> r) {
    return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
  }
}
