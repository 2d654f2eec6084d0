package io.logcast.gateway.ws;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Every use of Vert.x's non-public API, in one place. The WebSocket endpoint takes an upgraded
 * connection's Netty channel away from Vert.x (a Vert.x WebSocket costs ~10 KiB more per idle
 * connection, see docs/benchmarks-history.md), so it needs the channel behind an HTTP connection
 * and a way to run handlers inside the Vert.x context as Vert.x itself would; the process meters
 * need Netty's event loops, and the shards' write cycles a way to run after the loop's I/O.
 * VertxInternalsTest fails when a Vert.x upgrade changes any of these.
 */
public final class VertxInternals {
  private VertxInternals() {}

  /** The Netty channel of an HTTP/1 connection, or null for another kind (HTTP/2). */
  public static Channel channel(HttpConnection conn) {
    return conn instanceof ConnectionBase base ? base.channel() : null;
  }

  /** Netty's event loops behind {@code vertx}. */
  public static EventLoopGroup eventLoops(Vertx vertx) {
    return ((VertxInternal) vertx).nettyEventLoopGroup();
  }

  /** Runs code on the context's thread as a Vert.x handler: timers and futures behave inside it. */
  public static Dispatcher dispatcher(Context context) {
    return new Dispatcher((ContextInternal) context);
  }

  /**
   * Runs each task on the context's event loop after the loop's next I/O pass, as a Vert.x handler.
   * Netty takes scheduled tasks once per loop iteration, after I/O, while a plain task posted from a
   * task runs in the same batch: a chain of those runs 64 tasks before Netty looks at I/O and timers
   * again (its deadline check), which at seconds-long batches starved reads, pongs and timers.
   */
  public static Executor afterIo(Context context) {
    Dispatcher dispatcher = dispatcher(context);
    EventLoop loop = ((ContextInternal) context).nettyEventLoop();
    return task -> loop.schedule(() -> dispatcher.run(task), 0, TimeUnit.NANOSECONDS);
  }

  /** {@code begin} and {@code end} around handler code; nothing is allocated per call. */
  public static final class Dispatcher {
    private final ContextInternal context;

    private Dispatcher(ContextInternal context) {
      this.context = context;
    }

    /** Returns what {@link #end} restores. */
    public Object begin() {
      return context.beginDispatch();
    }

    public void end(Object previous) {
      context.endDispatch((ContextInternal) previous);
    }

    public void report(Throwable t) {
      context.reportException(t);
    }

    /** Runs {@code task} as a handler of the context: failures go to its exception handler. */
    public void run(Runnable task) {
      Object previous = begin();
      try {
        task.run();
      } catch (Throwable t) {
        report(t);
      } finally {
        end(previous);
      }
    }
  }
}
