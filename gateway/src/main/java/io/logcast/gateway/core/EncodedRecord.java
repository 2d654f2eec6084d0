package io.logcast.gateway.core;

/**
 * A record already encoded as its {@code message} object: the same bytes go to every matching client.
 *
 * @param timestamp the Kafka record's timestamp (ms), for the delivery latency
 */
public record EncodedRecord(long offset, String key, byte[] frame, long timestamp) {}
