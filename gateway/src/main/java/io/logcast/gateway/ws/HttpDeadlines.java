package io.logcast.gateway.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of an HTTP/1 connection of the public port, which Vert.x lacks (its idle timeouts
 * would also cut a request being handled, and a client trickling a byte a second is never idle):
 * the request line and headers within the header timeout of the request's first byte (of the
 * accept, for the first request), the body within the body timeout of the headers, and a
 * keep-alive connection with nothing in flight closed after the idle timeout. Nothing is timed
 * while a request is handled: its handler's own bounds apply (publish.timeoutMs). One handler
 * before the decoder sees a request's first bytes, one after it the decoded request and the
 * response; both run on the channel's event loop. An upgrade removes them: the hello deadline
 * takes over.
 */
final class HttpDeadlines {
  static final String FIRST_BYTES = "logcast-request-start";
  static final String DEADLINES = "logcast-deadlines";
  /** Vert.x 5's names in an HTTP/1 pipeline (HttpServerConnectionInitializer). */
  private static final String VERTX_DECODER = "httpDecoder";
  private static final String VERTX_HANDLER = "handler";

  private enum Phase { HEADERS, BODY, HANDLING, IDLE }

  /** Told when the connection starts and stops handling a request (a stream is handled for its whole life). */
  interface Activity {
    Activity NONE = new Activity() {
      @Override
      public void busy() { }

      @Override
      public void waiting() { }
    };

    void busy();

    void waiting();
  }

  private final Channel channel;
  private final long headerMs;
  private final long bodyMs;
  private final long idleMs;
  private final Runnable onSlowRequest;
  private final Activity activity;
  private Phase phase;
  /** Requests read and not yet answered (HTTP/1.1 may pipeline). */
  private int unanswered;
  private ScheduledFuture<?> timer;
  /** Removed at the upgrade: a late write listener must not start a timer again. */
  private boolean removed;

  private HttpDeadlines(Channel channel, long headerMs, long bodyMs, long idleMs, Runnable onSlowRequest,
      Activity activity) {
    this.channel = channel;
    this.activity = activity;
    this.headerMs = headerMs;
    this.bodyMs = bodyMs;
    this.idleMs = idleMs;
    this.onSlowRequest = onSlowRequest;
  }

  /**
   * From the server's connection handler, before the first read. {@code onSlowRequest}: a request
   * line, headers or body not read in time (the connection is then closed). {@code activity}: told
   * when a request starts and stops being handled.
   * @return false if the pipeline is not laid out as expected (the caller closes the connection)
   */
  static boolean install(Channel channel, long headerMs, long bodyMs, long idleMs, Runnable onSlowRequest,
      Activity activity) {
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(VERTX_DECODER) == null || pipeline.get(VERTX_HANDLER) == null) {
      return false;
    }
    HttpDeadlines d = new HttpDeadlines(channel, headerMs, bodyMs, idleMs, onSlowRequest, activity);
    pipeline.addBefore(VERTX_DECODER, FIRST_BYTES, d.new FirstBytes());
    pipeline.addBefore(VERTX_HANDLER, DEADLINES, d.new Messages());
    d.enter(Phase.HEADERS);
    return true;
  }

  /** At the WebSocket upgrade: no HTTP deadline applies any more. */
  static void remove(ChannelPipeline pipeline) {
    if (pipeline.get(DEADLINES) instanceof Messages m) {
      m.owner().removed = true;
      m.owner().cancel();
      pipeline.remove(DEADLINES);
    }
    if (pipeline.get(FIRST_BYTES) != null) {
      pipeline.remove(FIRST_BYTES);
    }
  }

  private void enter(Phase next) {
    cancel();
    phase = next;
    if (removed) {
      return;
    }
    if (next == Phase.HANDLING) {
      activity.busy();
    } else {
      activity.waiting();
    }
    long ms = switch (next) {
      case HEADERS -> headerMs;
      case BODY -> bodyMs;
      case IDLE -> idleMs;
      case HANDLING -> 0;
    };
    if (ms > 0) {
      timer = channel.eventLoop().schedule(this::expired, ms, TimeUnit.MILLISECONDS);
    }
  }

  private void expired() {
    timer = null;
    if (!channel.isActive()) {
      return;
    }
    if (phase == Phase.HEADERS || phase == Phase.BODY) {
      onSlowRequest.run();
    }
    channel.close();
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private final class FirstBytes extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (phase == Phase.IDLE && msg instanceof ByteBuf bytes && bytes.isReadable()) {
        enter(Phase.HEADERS); // the next request has begun: from here its headers are timed
      }
      ctx.fireChannelRead(msg);
    }
  }

  private final class Messages extends ChannelDuplexHandler {
    HttpDeadlines owner() {
      return HttpDeadlines.this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest) {
        unanswered++;
        enter(msg instanceof LastHttpContent ? Phase.HANDLING : Phase.BODY);
      } else if (msg instanceof LastHttpContent && phase == Phase.BODY) {
        enter(Phase.HANDLING);
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      boolean interim = msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (msg instanceof LastHttpContent && !interim) {
        // idle from when the response has left, not when it was queued behind a slow reader
        ChannelPromise written = promise.unvoid();
        written.addListener(f -> answered());
        ctx.write(msg, written);
        return;
      }
      ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      cancel();
      ctx.fireChannelInactive();
    }
  }

  private void answered() {
    if (unanswered > 0 && --unanswered == 0 && phase == Phase.HANDLING && channel.isActive()) {
      enter(Phase.IDLE);
    }
  }
}
