package io.logcast.gateway.ws;

import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.protocol.CloseCode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One upgraded WebSocket connection, served on its Netty channel directly: the last handler of the
 * pipeline, below Netty's frame codec. It replaces Vert.x's WebSocket connection, which keeps per
 * socket a write queue (a 4 KiB jctools chunk) and the whole HTTP/1 connection, request and
 * response the upgrade came through: {@link Upgrade} hands the channel over, and nothing of the
 * HTTP exchange stays reachable.
 *
 * <p>Everything runs on the channel's event loop, which is the shard's; inbound frames are handed
 * to the {@link SocketHandler} inside its Vert.x context, so timers and futures behave as in a handler.
 */
public final class Socket extends ChannelInboundHandlerAdapter {
  /** How long a close frame we sent waits for the peer's before the TCP connection is dropped. */
  static final long CLOSING_TIMEOUT_MS = 10_000;

  private final Channel channel;
  private final VertxInternals.Dispatcher context;
  private final int maxMessageBytes;
  private SocketHandler client;
  /** A text message arriving in fragments; null between messages. */
  private CompositeByteBuf fragments;
  private boolean binaryFragments;
  private short peerCloseCode;
  private boolean closeSent;
  private boolean inactive;
  private boolean pongPending;
  private ScheduledFuture<?> closingTimer;
  /** Frames that came before the client was attached (sent with the upgrade request); rare. */
  private List<WebSocketFrame> early;

  public Socket(Channel channel, VertxInternals.Dispatcher context, int maxMessageBytes, int maxOutboundBytes) {
    this.channel = channel;
    this.context = context;
    this.maxMessageBytes = maxMessageBytes;
    channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(maxOutboundBytes / 2, maxOutboundBytes));
  }

  /** Called on the event loop, in the shard's context, once the handshake response is under way. */
  public void attach(SocketHandler client) {
    this.client = client;
    if (early != null) {
      List<WebSocketFrame> frames = early;
      early = null;
      for (WebSocketFrame frame : frames) {
        try {
          read(frame);
        } finally {
          frame.release();
        }
      }
    }
  }

  public Channel channel() {
    return channel;
  }

  /** The status code of the peer's close frame; 0 if none arrived. */
  public short peerCloseCode() {
    return peerCloseCode;
  }

  /** Sends a close frame; the connection goes when the peer answers, or after the closing timeout. */
  public void close(CloseCode code, String reason) {
    if (closeSent || inactive) {
      return;
    }
    closeSent = true;
    channel.writeAndFlush(new CloseWebSocketFrame(code.code(), reason));
    if (peerCloseCode != 0) {
      channel.close();
    } else {
      armClosingTimer();
    }
  }

  /** However the close handshake goes, a peer that stops reading cannot hold the connection. */
  private void armClosingTimer() {
    Runnable drop = channel::close;
    closingTimer = channel.eventLoop().schedule(drop, CLOSING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  public void ping() {
    if (!closeSent && !inactive) {
      channel.writeAndFlush(new PingWebSocketFrame());
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (client == null && msg instanceof WebSocketFrame frame) {
      keepEarly(frame); // kept, released after its replay
      return;
    }
    Object prev = context.begin();
    try {
      if (msg instanceof WebSocketFrame frame) {
        read(frame);
      }
    } catch (Throwable t) {
      context.report(t);
    } finally {
      ReferenceCountUtil.release(msg);
      context.end(prev);
    }
  }

  private void keepEarly(WebSocketFrame frame) {
    if (early == null) {
      early = new ArrayList<>(2);
    }
    early.add(frame);
  }

  private void read(WebSocketFrame frame) {
    if (closeSent && !(frame instanceof CloseWebSocketFrame)) {
      return; // after our close frame only the peer's close matters
    }
    if (frame instanceof TextWebSocketFrame text) {
      if (text.isFinalFragment()) {
        client.onText(text.text());
      } else {
        begin(text.content(), false);
      }
    } else if (frame instanceof ContinuationWebSocketFrame part) {
      continued(part);
    } else if (frame instanceof BinaryWebSocketFrame binary) {
      if (binary.isFinalFragment()) {
        client.onBinary();
      } else {
        begin(binary.content(), true);
      }
    } else if (frame instanceof PingWebSocketFrame) {
      pong(frame.content());
    } else if (frame instanceof PongWebSocketFrame) {
      client.onPong();
    } else if (frame instanceof CloseWebSocketFrame close) {
      peerClosed(close.statusCode());
    }
  }

  /** At most one pong waits in a congested socket: a peer that pings without reading gets no pile. */
  private void pong(ByteBuf payload) {
    if (pongPending && !channel.isWritable()) {
      return;
    }
    pongPending = true;
    channel.writeAndFlush(new PongWebSocketFrame(payload.retain())).addListener(f -> pongPending = false);
  }

  private void begin(ByteBuf first, boolean binary) {
    fragments = channel.alloc().compositeBuffer().addComponent(true, first.retain());
    binaryFragments = binary;
    checkFragments();
  }

  private void continued(ContinuationWebSocketFrame part) {
    if (fragments == null) {
      return; // the decoder refuses a continuation without a start, so this is after a refusal
    }
    fragments.addComponent(true, part.content().retain());
    if (!checkFragments() || !part.isFinalFragment()) {
      return;
    }
    CompositeByteBuf whole = fragments;
    fragments = null;
    try {
      if (binaryFragments) {
        client.onBinary();
      } else {
        client.onText(whole.toString(StandardCharsets.UTF_8));
      }
    } finally {
      whole.release();
    }
  }

  /** A fragmented message past twice the message limit is refused before it is assembled. */
  private boolean checkFragments() {
    if (fragments.readableBytes() <= maxMessageBytes) {
      return true;
    }
    dropFragments();
    client.onTooBig();
    return false;
  }

  private void peerClosed(int code) {
    peerCloseCode = code < 0 ? (short) CloseCode.NO_STATUS.code() : (short) code;
    if (closeSent) {
      channel.close();
    } else {
      // echo the code (RFC 6455 §5.5.1), then the server drops the TCP connection first (§7.1.1)
      closeLast(code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, null));
    }
  }

  /** A close frame after which nothing is read or written: the connection goes once it is out. */
  private void closeLast(CloseWebSocketFrame frame) {
    closeSent = true;
    if (client != null) {
      client.onPeerClosing();
    }
    channel.writeAndFlush(frame).addListener(ChannelFutureListener.CLOSE);
    armClosingTimer();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Object prev = context.begin();
    try {
      if (client != null) {
        client.onSocketError(cause);
      }
    } finally {
      context.end(prev);
    }
    if (closeSent) {
      return;
    }
    if (cause instanceof CorruptedWebSocketFrameException bad) {
      // the decoders refuse and stop reading (1002, 1007, 1009); the close frame is ours to send,
      // through the encoder, which the decoder's own position in the pipeline is below
      closeLast(new CloseWebSocketFrame(bad.closeStatus()));
    } else {
      ctx.close(); // a broken socket
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    inactive = true;
    if (closingTimer != null) {
      closingTimer.cancel(false);
    }
    dropFragments();
    if (early != null) {
      early.forEach(WebSocketFrame::release);
      early = null;
    }
    Object prev = context.begin();
    try {
      if (client != null) {
        client.onClosed();
      }
    } finally {
      context.end(prev);
    }
  }

  private void dropFragments() {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
  }
}
