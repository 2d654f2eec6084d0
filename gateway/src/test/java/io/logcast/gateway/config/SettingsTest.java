package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void stringTrimsAndBlankMeansDefault() {
    Settings s = new Settings(Map.of("a", "  x  ", "b", "   "));
    assertThat(s.string("a", "d")).isEqualTo("x");
    assertThat(s.string("b", "d")).isEqualTo("d");
    assertThat(s.string("c", "d")).isEqualTo("d");
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void numbersAcceptUnderscoresAndCheckRange() {
    Settings s = new Settings(Map.of("ok", "1_000", "low", "-1", "high", "11", "nan", "ten", "max", "10"));
    assertThat(s.number("ok", 5, 0, 10_000)).isEqualTo(1000);
    assertThat(s.integer("max", 5, 0, 10)).isEqualTo(10);
    assertThat(s.integer("low", 5, 0, 10)).isEqualTo(5);
    assertThat(s.integer("high", 5, 0, 10)).isEqualTo(5);
    assertThat(s.integer("nan", 5, 0, 10)).isEqualTo(5);
    assertThat(s.integer("absent", 5, 0, 10)).isEqualTo(5);
    assertThat(s.problems()).containsExactly(
        "low: -1 is outside 0..10", "high: 11 is outside 0..10", "nan: 'ten' is not a whole number");
  }

  @Test
  void listSplitsOnCommasAndDropsEmpties() {
    Settings s = new Settings(Map.of("l", " a, b ,,c "));
    assertThat(s.list("l")).containsExactly("a", "b", "c");
    assertThat(s.list("none")).isEmpty();
  }

  @Test
  void requiredAndChoice() {
    Settings s = new Settings(Map.of("mode", "NoNe", "bad", "x"));
    assertThat(s.choice("mode", AuthConfig.Mode.class)).isEqualTo(AuthConfig.Mode.NONE);
    assertThat(s.choice("bad", AuthConfig.Mode.class)).isNull();
    assertThat(s.required("server.wsPath")).isNull();
    assertThat(s.problems()).containsExactly(
        "bad: 'x' is not one of [none, jwt]", "server.wsPath: required (env LOGCAST_SERVER_WS_PATH)");
  }
}
