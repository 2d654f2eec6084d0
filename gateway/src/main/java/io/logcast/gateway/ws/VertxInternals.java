package io.logcast.gateway.ws;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Every use of Vert.x's non-public API, in one place. The WebSocket endpoint takes an upgraded
 * connection's Netty channel away from Vert.x (a Vert.x WebSocket costs ~10 KiB more per idle
 * connection, see docs/benchmarks-history.md), so it needs the channel behind an HTTP connection
 * and a way to run handlers inside the Vert.x context as Vert.x itself would; the process meters
 * need Netty's event loops. VertxInternalsTest fails when a Vert.x upgrade changes any of these.
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
  }
}
