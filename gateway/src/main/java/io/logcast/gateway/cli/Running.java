package io.logcast.gateway.cli;

import io.vertx.core.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Blocking helpers for the command line's main thread (never an event loop); dev mode uses them too. */
public final class Running {
  private static final long START_TIMEOUT_S = 120;

  private Running() {}

  public static <T> T await(Future<T> f) throws Exception {
    return await(f, START_TIMEOUT_S * 1_000);
  }

  public static <T> T await(Future<T> f, long timeoutMs) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  /** Blocks until SIGINT/SIGTERM, runs {@code stop}, then returns. */
  public static void untilShutdown(ThrowingRunnable stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stop.run();
      } catch (Exception e) {
        System.err.println("logcast: error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, "logcast-shutdown"));
    stopped.await();
  }

  public interface ThrowingRunnable {
    void run() throws Exception;
  }
}
