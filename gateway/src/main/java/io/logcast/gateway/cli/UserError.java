package io.logcast.gateway.cli;

/** A mistake of the user's (a bad option value, a port in use, a missing tool): one line, exit 2. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message, null, false, false);
  }
}
