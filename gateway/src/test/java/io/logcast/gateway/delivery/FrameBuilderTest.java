package io.logcast.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire bytes are checked by Netty's own RFC 6455 decoder, as a client would read them. */
class FrameBuilderTest {
  private static final int MAX_FRAME = 70_000;

  @Test
  void lengthsAtEveryHeaderBoundaryDecodeAsSent() {
    for (int len : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 69_999}) {
      byte[] object = "x".repeat(len).getBytes(StandardCharsets.US_ASCII);
      List<String> frames = decode(new FrameBuilder(UnpooledByteBufAllocator.DEFAULT, MAX_FRAME).wire(List.of(object), 0, 1));
      assertThat(frames).as("payload of %d bytes", len).containsExactly("x".repeat(len));
    }
  }

  @Test
  void coalescesWithNewlinesUpToTheLimitAndAnOversizedObjectGoesAlone() {
    FrameBuilder builder = new FrameBuilder(UnpooledByteBufAllocator.DEFAULT, 10);
    List<Object> objects = List.of(bytes("aaaa"), bytes("bbbb"), bytes("cc"), bytes("dddddddddddddd"), bytes("e"));
    ByteBuf wire = builder.wire(objects, 0, objects.size());
    // "aaaa\nbbbb" is 9 bytes; adding "\ncc" would make 12
    assertThat(builder.frames).isEqualTo(4);
    assertThat(builder.payloadBytes).isEqualTo(9 + 2 + 14 + 1);
    assertThat(decode(wire)).containsExactly("aaaa\nbbbb", "cc", "dddddddddddddd", "e");
  }

  @Test
  void aRangeOfTheListOnly() {
    FrameBuilder builder = new FrameBuilder(UnpooledByteBufAllocator.DEFAULT, 1024);
    List<Object> objects = List.of(bytes("a"), bytes("b"), bytes("c"), bytes("d"));
    assertThat(decode(builder.wire(objects, 1, 3))).containsExactly("b\nc");
    List<String> payloads = new ArrayList<>();
    builder.payloads(objects, 0, 4, f -> {
      payloads.add(f.text());
      f.release();
    });
    assertThat(payloads).containsExactly("a\nb\nc\nd");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> decode(ByteBuf wire) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameDecoder(
        WebSocketDecoderConfig.newBuilder().expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
    channel.writeInbound(wire);
    List<String> out = new ArrayList<>();
    TextWebSocketFrame frame;
    while ((frame = channel.readInbound()) != null) {
      assertThat(frame.isFinalFragment()).isTrue();
      out.add(frame.text());
      frame.release();
    }
    assertThat(channel.finish()).isFalse();
    return out;
  }
}
