package io.logcast.gateway.catchup;

/**
 * Where a subscription starts, per partition, and whether that honours what the client asked.
 *
 * @param reason null, or why not every record from the requested position will come:
 *     {@code epoch} (topic re-created), {@code retention} (part of the range was deleted; a gap
 *     follows), {@code future} (the position is beyond the end of the log)
 */
public record Start(long[] cursors, boolean recovered, String reason) {}
