package io.logcast.gateway.protocol;

/**
 * Carries a {@link ProtocolError} through future chains; no stack trace, it is not a bug. {@link Errors#map}
 * answers every subclass with its own error.
 */
public class ProtocolException extends RuntimeException {
  private final transient ProtocolError error;

  public ProtocolException(ProtocolError error) {
    this(error, error.code().wire() + ": " + error.message());
  }

  /** For failures of other layers that carry their own client-facing error (a refused token). */
  protected ProtocolException(ProtocolError error, String message) {
    super(message, null, false, false);
    this.error = error;
  }

  public ProtocolError error() {
    return error;
  }
}
