package io.logcast.testkit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on Vert.x work; never call from an event loop, which it would stall. */
final class Blocking {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Blocking() {
  }

  static <T> T await(Future<T> future, String what) {
    return await(future.toCompletionStage().toCompletableFuture(), what);
  }

  static <T> T await(CompletableFuture<T> future, String what) {
    return await(future, what, TIMEOUT);
  }

  static <T> T await(CompletableFuture<T> future, String what, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " timed out after " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + what, e);
    }
  }

  /** Runs on the context's event loop and returns once done: socket state is event-loop owned. */
  static void onContext(Context context, Runnable action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        action.run();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    await(done, "run on event loop");
  }
}
