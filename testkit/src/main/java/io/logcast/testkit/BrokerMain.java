package io.logcast.testkit;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Main class of the broker's child JVM:
 * {@code BrokerMain <parent pid> <cluster id> <server.properties> [<temp data dir>]}.
 * Does what {@code kafka-storage.sh format --standalone} then {@code kafka-server-start.sh} do, in
 * one JVM rather than two, which saves a JVM start (about a quarter of the broker's start time).
 */
public final class BrokerMain {
  private BrokerMain() {
  }

  public static void main(String[] args) {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: BrokerMain <parent pid> <cluster id> <server.properties> [<temp data dir>]");
      System.exit(2);
    }
    watchParent(Long.parseLong(args[0]), args.length == 4 ? Path.of(args[3]) : null);
    String config = args[2];
    // --ignore-formatted: a restart on a formatted data dir keeps its data (args[1] is then the
    // formatted cluster id: Kafka still checks it)
    // a node of a multi-node cluster names its voters statically (KafkaCluster): no --standalone
    String quorum = staticQuorum(config) ? null : "--standalone";
    String[] format = quorum == null
        ? new String[] {"format", "--ignore-formatted", "--cluster-id", args[1], "--config", config}
        : new String[] {"format", quorum, "--ignore-formatted", "--cluster-id", args[1], "--config", config};
    int formatted = kafka.tools.StorageTool.execute(format, System.out);
    if (formatted != 0) {
      System.err.println("BrokerMain: kafka-storage format failed with exit code " + formatted);
      System.exit(formatted);
    }
    kafka.Kafka.main(new String[] {config});
  }

  private static boolean staticQuorum(String config) {
    try {
      return java.nio.file.Files.readString(Path.of(config)).contains("controller.quorum.voters=");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The parent's shutdown hook cannot run when the parent is SIGKILLed (an IDE's stop button, a
   * Surefire fork timeout, kill -9), so the child watches its parent and halts itself when it goes.
   */
  private static void watchParent(long pid, Path tempDataDir) {
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty()) {
      orphaned(pid, tempDataDir);
    }
    // onExit of a process that is not our child polls (every few seconds at most), on a daemon thread
    parent.get().onExit().thenRun(() -> orphaned(pid, tempDataDir));
  }

  private static void orphaned(long pid, Path tempDataDir) {
    System.err.println("BrokerMain: parent process " + pid + " is gone, halting");
    if (tempDataDir != null) {
      // the parent would have deleted it on close
      Dirs.deleteRecursively(tempDataDir);
    }
    // halt, not exit: nobody is left to wait for a graceful shutdown, and it could hang
    Runtime.getRuntime().halt(3);
  }
}
