package io.logcast.gateway.config;

/** How connections are authenticated. Only {@code none} is built so far; it must be chosen explicitly. */
public record AuthConfig(Mode mode) {
  public enum Mode { NONE }
}
