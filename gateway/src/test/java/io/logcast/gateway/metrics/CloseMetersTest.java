package io.logcast.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.protocol.CloseCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CloseMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CloseMeters meters = new CloseMeters(registry);

  private double count(String code, String by) {
    return registry.get("logcast.connections.closed").tag("code", code).tag("by", by).counter().count();
  }

  @Test
  void countsByCodeAndSide() {
    meters.closed(4009, true);
    meters.closed(4009, true);
    meters.closed(1000, false);
    assertThat(count("4009", "server")).isEqualTo(2);
    assertThat(count("4009", "client")).isZero();
    assertThat(count("1000", "client")).isEqualTo(1);
  }

  @Test
  void aCodeOutsideTheProtocolIsOtherSoAPeerCannotAddSeries() {
    meters.closed(4999, false);
    meters.closed(3001, false);
    assertThat(count("other", "client")).isEqualTo(2);
    assertThat(registry.find("logcast.connections.closed").counters())
        .hasSize(2 * (CloseCode.values().length + 1));
  }

  @Test
  void everyProtocolCloseCodeHasItsOwnValue() {
    for (CloseCode c : CloseCode.values()) {
      meters.closed(c.code(), true);
      assertThat(count(Integer.toString(c.code()), "server")).as(c.name()).isEqualTo(1);
    }
    assertThat(count("other", "server")).isZero();
  }
}
