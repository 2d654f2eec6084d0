package io.logcast.gateway.delivery;

import io.logcast.gateway.ws.Socket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sockets on an embedded Netty channel, for driving clients without a network: the Transport writes
 * wire bytes below the pipeline's WebSocket encoder (a stand-in here), and the handler under it
 * takes every write at once, as a socket that is never full would.
 */
public final class TestSockets {
  private TestSockets() {}

  /** A socket that drops everything written to it. */
  public static Socket discarding() {
    return socket(buf -> { }, code -> { });
  }

  /** A socket that keeps the text of every frame written, in order; read it with {@link Frames#texts}. */
  public static Frames capturing() {
    Frames frames = new Frames();
    frames.socket = socket(frames::read, code -> frames.closes.add(code));
    return frames;
  }

  /** Server-to-client text frames as written, each split into its newline-separated objects. */
  public static final class Frames {
    private final List<String> texts = new ArrayList<>();
    private final List<Integer> closes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Socket socket;

    public Socket socket() {
      return socket;
    }

    /** The status codes of the close frames sent. */
    public List<Integer> closes() {
      return closes;
    }

    /** Every object written so far, in order (a coalesced frame counts as several). */
    public List<String> texts() {
      return texts;
    }

    private void read(ByteBuf buf) {
      while (buf.isReadable()) {
        buf.readByte(); // FIN + opcode: the server sends unfragmented text frames
        int len = buf.readByte() & 0x7f;
        long n = len == 126 ? buf.readUnsignedShort() : len == 127 ? buf.readLong() : len;
        String text = buf.readCharSequence((int) n, StandardCharsets.UTF_8).toString();
        texts.addAll(List.of(text.split("\n")));
      }
    }
  }

  private static Socket socket(Consumer<ByteBuf> sink, java.util.function.IntConsumer closed) {
    EmbeddedChannel channel = new EmbeddedChannel();
    channel.pipeline().addLast("sink", new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        try {
          if (msg instanceof ByteBuf buf) {
            sink.accept(buf);
          } else if (msg instanceof io.netty.handler.codec.http.websocketx.CloseWebSocketFrame close) {
            closed.accept(close.statusCode());
          }
        } finally {
          ReferenceCountUtil.release(msg);
          promise.trySuccess();
        }
      }

      @Override
      public void flush(ChannelHandlerContext ctx) {
      }
    });
    channel.pipeline().addLast("writer", new EncoderStandIn());
    // no inbound frames here, so the socket never needs a Vert.x context
    return new Socket(channel, null, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /** Where the Transport finds the wire: it writes frames below the pipeline's WebSocket encoder. */
  private static final class EncoderStandIn extends ChannelOutboundHandlerAdapter implements WebSocketFrameEncoder {
  }
}
