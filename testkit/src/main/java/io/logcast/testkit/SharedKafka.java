package io.logcast.testkit;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Kafka broker per JVM, started on first use and shared by every test class in that JVM, so a
 * test suite pays the broker start once. It is stopped by {@link KafkaBroker}'s shutdown hook when
 * the JVM exits; tests must not close it. Tests isolate themselves with {@link #uniqueTopic}.
 */
public final class SharedKafka {
  private static final AtomicLong TOPIC_COUNTER = new AtomicLong();
  private static KafkaBroker broker;
  private static RuntimeException startFailure;

  private SharedKafka() {
  }

  /** The shared broker; a failed start is remembered and rethrown rather than retried per test. */
  public static synchronized KafkaBroker broker() {
    if (startFailure != null) {
      throw new IllegalStateException("the shared Kafka broker failed to start", startFailure);
    }
    if (broker == null) {
      try {
        broker = KafkaBroker.start(KafkaBroker.Options.defaults().withDataDir(freshDir()));
      } catch (RuntimeException e) {
        startFailure = e;
        throw e;
      }
    }
    return broker;
  }

  /**
   * The shared broker keeps its data (and broker.log) in the build's target folder, wiped at the
   * start of each run, so a failed suite can still be diagnosed after the JVM exits.
   */
  private static Path freshDir() {
    Path dir = Path.of(System.getProperty("logcast.testkit.sharedDir", "target/shared-kafka")).toAbsolutePath();
    Dirs.deleteRecursively(dir);
    return dir;
  }

  /** A topic name no other test in this JVM uses, e.g. {@code orders-7-k3x9qz}. */
  public static String uniqueTopic(String prefix) {
    String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    return prefix + "-" + TOPIC_COUNTER.incrementAndGet() + "-" + suffix;
  }
}
