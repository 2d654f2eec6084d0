package io.logcast.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PositionTest {
  @Test
  void parsesAndPrintsOffsets() {
    Map<Integer, Long> offsets = Position.parseOffsets(new JsonObject("{\"10\":3,\"2\":0,\"0\":1235}"));
    assertThat(offsets).containsExactly(Map.entry(0, 1235L), Map.entry(2, 0L), Map.entry(10, 3L));
    assertThat(Position.offsetsJson(offsets).encode()).isEqualTo("{\"0\":1235,\"2\":0,\"10\":3}");
    assertThat(Position.parseOffsets(null)).isEmpty();
  }

  @Test
  void rejectsBadOffsetsWithBadRequest() {
    assertThatThrownBy(() -> Position.parseOffsets(new JsonObject("{\"0\":-5}")))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.BAD_REQUEST));
    assertThatThrownBy(() -> Position.parseOffsets(new JsonObject("{\"p\":5}")))
        .isInstanceOfSatisfying(ProtocolException.class,
            e -> assertThat(e.error().code()).isEqualTo(ErrorCode.BAD_REQUEST));
  }

  @Test
  void offsetsAreAnImmutableCopy() {
    Map<Integer, Long> source = new HashMap<>(Map.of(0, 1L));
    Position p = new Position("e", source);
    source.put(1, 2L);
    assertThat(p.offsets()).containsOnlyKeys(0);
  }

  @Test
  void clipShortensLongText() {
    assertThat(Position.clip("short")).isEqualTo("short");
    assertThat(Position.clip("y".repeat(100))).hasSize(41).startsWith("y".repeat(40));
  }
}
