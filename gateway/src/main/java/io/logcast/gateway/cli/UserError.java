package io.logcast.gateway.cli;

/**
 * A mistake of the user's (a bad option value, a port in use, a missing tool): one line, exit 2.
 * Public for dev mode's commands (the logcast-dev module).
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message, null, false, false);
  }
}
