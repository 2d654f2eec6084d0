package io.logcast.load.publish;

/**
 * Sends one payload into a target by its natural path (Kafka, HTTP, NATS, ...). Called from the
 * pacing thread only; may block there briefly (bounded in-flight), never an event loop.
 */
public interface Publisher extends AutoCloseable {
  void publish(long seq, long nanos, byte[] payload);

  /** Publishes that failed (after retries of the underlying client, if any). */
  long failures();

  @Override
  void close();
}
