package io.logcast.session.hazelcast;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;

/**
 * What a member or client may Java-deserialize: only what Hazelcast's own error responses carry
 * (a member sends a failed operation's exception to its caller Java-serialized). Logcast's own
 * entries and entry processors are Compact or IdentifiedDataSerializable, never Java-serialized, so
 * they need no place here. Without this filter anyone who reaches port 5701 could hand a member
 * any Serializable class on its classpath to deserialize: the classic gadget-chain attack.
 */
final class SerializationFilter {
  private SerializationFilter() {}

  static JavaSerializationFilterConfig config() {
    ClassFilter allowed = new ClassFilter()
        // Hazelcast's exceptions (retry signals between members: wrong target, migrating, ...)
        .addPrefixes("com.hazelcast.")
        // packages, not prefixes: java.lang.invoke, java.lang.reflect are not admitted
        .addPackages("java.lang", "java.util.concurrent")
        // the rest of an exception's graph: stack trace, suppressed list, a member's UUID
        .addClasses("[Ljava.lang.StackTraceElement;", "[Ljava.lang.Throwable;",
            "java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableList", "java.util.ArrayList", "java.util.UUID",
            "java.io.IOException", "java.io.UncheckedIOException");
    ClassFilter refused = new ClassFilter()
        // third-party code Hazelcast ships relocated: not Hazelcast's own types
        .addPrefixes("com.hazelcast.shaded.");
    // defaults off: Hazelcast's default allow-list admits every "java" class (java.net.URL, ...)
    return new JavaSerializationFilterConfig()
        .setDefaultsDisabled(true)
        .setWhitelist(allowed)
        .setBlacklist(refused);
  }
}
