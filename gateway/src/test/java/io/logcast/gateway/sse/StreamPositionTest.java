package io.logcast.gateway.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logcast.gateway.protocol.Position;
import io.logcast.gateway.protocol.ProtocolException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamPositionTest {
  @Test
  void followsSubscribedMessagesAndGapsAndReadsBackWhatItWrote() {
    StreamPosition pos = new StreamPosition(2);
    pos.subscribed(0, "EpochA", Map.of(0, 5L, 1, 7L));
    assertThat(pos.id()).isEqualTo("1~EpochA.5.7~");
    pos.subscribed(1, "EpochB", Map.of(0, 0L));
    pos.moved(0, 1, 8);
    pos.moved(1, 0, 100); // a gap to 100
    pos.moved(0, 0, 3); // never backwards
    assertThat(pos.id()).isEqualTo("1~EpochA.5.8~EpochB.100");
    List<Position> back = StreamPosition.parse(pos.id(), 2);
    assertThat(back.get(0)).isEqualTo(new Position("EpochA", Map.of(0, 5L, 1, 8L)));
    assertThat(back.get(1)).isEqualTo(new Position("EpochB", Map.of(0, 100L)));
  }

  @Test
  void aPartitionAddedToTheTopicJoinsThePosition() {
    StreamPosition pos = new StreamPosition(1);
    pos.subscribed(0, "E", Map.of(0, 1L, 1, 1L));
    pos.moved(0, 3, 1);
    // partition 2 had nothing delivered yet: 0, below its log start, so nothing of it is skipped
    assertThat(pos.id()).isEqualTo("1~E.1.1.0.1");
  }

  @Test
  void aSubscriptionNotYetAnnouncedHasNoPosition() {
    List<Position> back = StreamPosition.parse("1~~E.4", 2);
    assertThat(back.get(0)).isNull();
    assertThat(back.get(1).offsets()).containsEntry(0, 4L);
  }

  @Test
  void anythingElseIsABadRequest() {
    for (String id : new String[] {"", "garbage", "2~E.1", "1~E.x", "1~E.-1", "1~E.1~F.2", "1" + "~E.1".repeat(20_000)}) {
      assertThatThrownBy(() -> StreamPosition.parse(id, 1)).as(id.length() > 40 ? "long" : id)
          .isInstanceOf(ProtocolException.class)
          .satisfies(e -> assertThat(((ProtocolException) e).error().code().wire()).isEqualTo("bad_request"));
    }
  }
}
