package io.logcast.session.hazelcast;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Hazelcast's futures complete. Hazelcast runs every dependent stage registered without an
 * executor, and the deserialization of every map operation's result, on its default async
 * executor: the common ForkJoinPool, or <em>a new thread per callback</em> when that pool's
 * parallelism is 1 (two cores, or a container limited to one or two CPUs). Measured in a resume
 * storm on two cores: ~170 threads started per second per gateway, its invocation monitor (which
 * notices dead members and times operations out) delayed by 13–39 s, and not one resume served.
 * {@link #install} gives Hazelcast a small pool of its own instead; {@link #direct} hands a result
 * on from that pool without a second hop.
 */
public final class Completions {
  private static final Executor SAME_THREAD = Runnable::run;
  private static final int MIN_THREADS = 2;
  private static boolean installed;

  private Completions() {}

  /** Once per JVM, before the first Hazelcast instance starts (later calls keep the first pool). */
  public static synchronized void install() {
    if (!installed) {
      ConcurrencyUtil.setDefaultAsyncExecutor(Pool.EXECUTOR);
      installed = true;
    }
  }

  /** A plain future completed on the thread that completes {@code hazelcast}; callers hop on and never block in it. */
  static <T> CompletableFuture<T> direct(CompletionStage<T> hazelcast) {
    CompletableFuture<T> out = new CompletableFuture<>();
    hazelcast.whenCompleteAsync((value, error) -> {
      if (error != null) {
        out.completeExceptionally(error);
      } else {
        out.complete(value);
      }
    }, SAME_THREAD);
    return out;
  }

  private static final class Pool {
    static final AtomicInteger COUNT = new AtomicInteger();
    static final ForkJoinPool EXECUTOR = new ForkJoinPool(
        Math.max(MIN_THREADS, Runtime.getRuntime().availableProcessors()),
        pool -> {
          ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          t.setName("logcast-hz-async-" + COUNT.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        null, true);
  }
}
