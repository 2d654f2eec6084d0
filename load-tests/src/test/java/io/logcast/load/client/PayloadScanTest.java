package io.logcast.load.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadScanTest {
  private static final String TWO_MESSAGES =
      "{\"type\":\"message\",\"data\":{\"lcS\":7,\"lcT\":123456789,\"pad\":\"x\"}}\n"
          + "{\"type\":\"message\",\"data\":{\"lcS\":8,\"lcT\":-5,\"pad\":\"\\\"lcS\\\"\"}}";

  @Test
  void findsEveryPayloadOfAFrameInOrder() {
    assertThat(scan(Buffer.buffer(TWO_MESSAGES))).containsExactly("7@123456789", "8@-5");
  }

  @Test
  void readsOnlyTheSliceABufferViewsOfItsArray() {
    Buffer whole = Buffer.buffer("{\"lcS\":1,\"lcT\":2}" + TWO_MESSAGES + "{\"lcS\":9,\"lcT\":9}");
    int from = "{\"lcS\":1,\"lcT\":2}".length();
    Buffer slice = whole.slice(from, from + TWO_MESSAGES.length());

    assertThat(scan(slice)).containsExactly("7@123456789", "8@-5");
  }

  @Test
  void readsADirectBufferToo() {
    ByteBuf direct = Unpooled.directBuffer().writeBytes(TWO_MESSAGES.getBytes(StandardCharsets.UTF_8));

    assertThat(scan(BufferInternal.buffer(direct))).containsExactly("7@123456789", "8@-5");
  }

  @Test
  void aFrameWithoutMarkersHasNoPayload() {
    assertThat(scan(Buffer.buffer("{\"type\":\"welcome\",\"lcS\":3}"))).isEmpty();
  }

  private static List<String> scan(Buffer frame) {
    List<String> found = new ArrayList<>();
    int n = PayloadScan.scan(frame, (seq, nanos) -> found.add(seq + "@" + nanos));
    assertThat(n).isEqualTo(found.size());
    return found;
  }
}
