package io.logcast.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.protocol.ProtocolException;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class StreamRequestTest {
  private static final Names NAMES = new Names(249, 64);

  private static MultiMap params(String... pairs) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static String code(Runnable r) {
    try {
      r.run();
      return null;
    } catch (ProtocolException e) {
      return e.error().code().wire();
    }
  }

  @Test
  void subscriptionsInOrderWithKeysAfterTheFirstSlash() {
    StreamRequest r = StreamRequest.parse(params("sub", "orders", "sub", "prices/eur/usd", "from", "earliest"), null,
        NAMES, 10);
    assertThat(r.subs()).containsExactly(new StreamRequest.Sub("orders", null), new StreamRequest.Sub("prices", "eur/usd"));
    assertThat(r.starts()).containsExactly(From.EARLIEST, From.EARLIEST);
  }

  @Test
  void fromForms() {
    assertThat(StreamRequest.from(null)).isEqualTo(From.LATEST);
    assertThat(StreamRequest.from("latest")).isEqualTo(From.LATEST);
    assertThat(StreamRequest.from("time:1733212800000")).isEqualTo(new From.AtTime(1733212800000L));
    for (String bad : new String[] {"yesterday", "time:", "time:-5", "time:abc"}) {
      assertThat(code(() -> StreamRequest.from(bad))).as(bad).isEqualTo("bad_request");
    }
  }

  @Test
  void theHeaderPositionWinsOverTheParameterAndAnUnannouncedSubscriptionUsesFrom() {
    StreamRequest r = StreamRequest.parse(params("sub", "a", "sub", "b", "lastEventId", "1~P.9~Q.9"), "1~E.3~", NAMES, 10);
    assertThat(r.starts().get(0)).isInstanceOf(From.At.class);
    assertThat(((From.At) r.starts().get(0)).position().epoch()).isEqualTo("E");
    assertThat(r.starts().get(1)).isEqualTo(From.LATEST);
    StreamRequest q = StreamRequest.parse(params("sub", "a", "lastEventId", "1~P.9"), " ", NAMES, 10);
    assertThat(((From.At) q.starts().get(0)).position().offsets()).containsEntry(0, 9L);
  }

  @Test
  void refusals() {
    assertThat(code(() -> StreamRequest.parse(params(), null, NAMES, 10))).isEqualTo("bad_request");
    assertThat(code(() -> StreamRequest.parse(params("sub", "a", "sub", "a/k"), null, NAMES, 10))).isEqualTo("bad_request");
    assertThat(code(() -> StreamRequest.parse(params("sub", "a", "sub", "b"), null, NAMES, 1))).isEqualTo("limit_exceeded");
    assertThat(code(() -> StreamRequest.parse(params("sub", "bad topic"), null, NAMES, 10))).isEqualTo("bad_request");
    assertThat(code(() -> StreamRequest.parse(params("sub", "a/" + "k".repeat(65)), null, NAMES, 10)))
        .isEqualTo("limit_exceeded");
    assertThat(code(() -> StreamRequest.parse(params("sub", "a"), "1~E.1~F.1", NAMES, 10))).isEqualTo("bad_request");
  }
}
