package io.logcast.gateway.config;

import java.util.Locale;

/** Names whose values must never be printed. */
final class Secret {
  static final String MASK = "****";

  private Secret() {}

  static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("password") || n.contains("secret") || n.contains("jaas") || n.contains("token")
        || n.contains("key.pem") || n.contains("credentials");
  }
}
