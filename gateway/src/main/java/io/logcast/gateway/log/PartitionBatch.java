package io.logcast.gateway.log;

import java.util.List;

/**
 * Consecutive records of one partition.
 *
 * @param nextOffset the offset after the last record: where the stream continues
 * @param polledAtMs when the live consumer's poll returned the (first of the) records, wall clock
 */
public record PartitionBatch(String topic, int partition, List<EncodedRecord> records, long nextOffset,
    long polledAtMs) {}
