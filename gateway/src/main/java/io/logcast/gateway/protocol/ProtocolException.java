package io.logcast.gateway.protocol;

/** Carries a {@link ProtocolError} through future chains; no stack trace, it is not a bug. */
public final class ProtocolException extends RuntimeException {
  private final transient ProtocolError error;

  public ProtocolException(ProtocolError error) {
    super(error.code().wire() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  public ProtocolError error() {
    return error;
  }
}
