package io.logcast.gateway.protocol;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that turns exceptions into error codes clients see. */
public final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  public static ProtocolError map(Throwable t) {
    Throwable cause = unwrap(t);
    if (cause instanceof ProtocolException pe) {
      return pe.error();
    }
    if (cause instanceof UnknownTopicOrPartitionException || cause instanceof InvalidTopicException) {
      return ProtocolError.notFound("topic not found");
    }
    if (cause instanceof RecordTooLargeException) {
      return ProtocolError.limit("record too large for the broker");
    }
    if (cause instanceof AuthorizationException) {
      return ProtocolError.unavailable("the gateway is not authorized on the Kafka cluster");
    }
    if (cause instanceof TimeoutException
        || cause instanceof org.apache.kafka.common.errors.TimeoutException
        || cause instanceof RetriableException) {
      return ProtocolError.unavailable("Kafka did not answer in time, retry later");
    }
    // Unexpected: log the detail here, give the client a code only.
    LOG.warn("internal error: {}", cause.toString(), cause);
    return new ProtocolError(ErrorCode.INTERNAL, "internal error");
  }

  private static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
