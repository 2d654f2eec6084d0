package io.logcast.gateway.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logcast.gateway.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

class HistoryCursorTest {
  @Test
  void roundTripsInBothDirections() {
    HistoryCursor f = new HistoryCursor(true, "GW1St-zbT_WO9rdbm-8MiA", HistoryCursor.keyCheck("k"), new long[] {3, 0, 7},
        new long[] {0, 0, 0});
    HistoryCursor back = HistoryCursor.decode(f.encode());
    assertThat(back.forward()).isTrue();
    assertThat(back.epoch()).isEqualTo("GW1St-zbT_WO9rdbm-8MiA");
    assertThat(back.offsets()).containsExactly(3, 0, 7);
    HistoryCursor b = new HistoryCursor(false, "e", "-", new long[] {10, 20}, new long[] {1, 2});
    assertThat(b.encode()).isEqualTo("h1.b.e.-.10~1.20~2");
    assertThat(HistoryCursor.decode(b.encode()).floors()).containsExactly(1, 2);
  }

  @Test
  void theKeyCheckTellsKeysApart() {
    assertThat(HistoryCursor.keyCheck("a")).isNotEqualTo(HistoryCursor.keyCheck("b")).isNotEqualTo("-");
    assertThat(HistoryCursor.keyCheck(null)).isEqualTo("-");
  }

  @Test
  void anythingElseIsABadRequest() {
    for (String bad : new String[] {"", "h1", "h2.f.e.-.1", "h1.x.e.-.1", "h1.f.e.-.1~2", "h1.b.e.-.1", "h1.f.e.-.-1",
        "h1.f.e.-.one", "h1.f..-.1", "x".repeat(HistoryCursor.MAX_LENGTH + 1)}) {
      assertThatThrownBy(() -> HistoryCursor.decode(bad)).as(bad).isInstanceOf(ProtocolException.class);
    }
  }
}
