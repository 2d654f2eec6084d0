package io.logcast.testkit;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Main class of a launched child JVM: {@code ChildMain <parent pid> <main class> [args...]}. Runs
 * the real main class, and halts the child when the parent goes, so a killed test run or dev
 * session leaves no orphan gateway behind.
 */
public final class ChildMain {
  private ChildMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: ChildMain <parent pid> <main class> [args...]");
      System.exit(2);
    }
    long pid = Long.parseLong(args[0]);
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty()) {
      Runtime.getRuntime().halt(3);
    }
    parent.get().onExit().thenRun(() -> {
      System.err.println("ChildMain: parent process " + pid + " is gone, halting");
      Runtime.getRuntime().halt(3);
    });
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
