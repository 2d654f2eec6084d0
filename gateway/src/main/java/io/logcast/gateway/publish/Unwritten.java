package io.logcast.gateway.publish;

import io.logcast.gateway.protocol.ProtocolException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Which publish failures certainly wrote nothing: refused before the producer (limits, shutting
 * down) or by the broker for good (too large, no such topic, not authorized). Anything else — a
 * delivery timeout above all — may have written, so its idempotency key is never released.
 */
final class Unwritten {
  private Unwritten() {}

  static boolean certainly(Throwable t) {
    Throwable c = t;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    return c instanceof ProtocolException || c instanceof RecordTooLargeException
        || c instanceof InvalidTopicException || c instanceof UnknownTopicOrPartitionException
        || c instanceof AuthorizationException || c instanceof SerializationException;
  }
}
