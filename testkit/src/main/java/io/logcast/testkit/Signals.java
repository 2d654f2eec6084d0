package io.logcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** POSIX signals to the processes of a test (SIGSTOP/SIGCONT: a frozen process with its sockets open). */
public final class Signals {
  private static final long KILL_TIMEOUT_SECONDS = 10;

  private Signals() {
  }

  /** Sends {@code signal} ("STOP", "CONT", "TERM", …) to {@code pid}; throws when {@code kill} fails. */
  public static void send(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
      if (!kill.waitFor(KILL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
