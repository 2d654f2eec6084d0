package io.logcast.gateway.core;

import java.util.List;

/**
 * Consecutive records of one partition.
 *
 * @param nextOffset the offset after the last record: where the stream continues
 */
public record PartitionBatch(String topic, int partition, List<EncodedRecord> records, long nextOffset) {}
