package io.logcast.gateway.snapshot;

import io.logcast.gateway.log.EncodedRecord;

/**
 * The latest record of one key: immutable, so a snapshot shares it with the view instead of
 * copying it, and its {@code record.frame()} is the {@code message} object to send as it is.
 */
public record Entry(String key, int partition, EncodedRecord record) {}
