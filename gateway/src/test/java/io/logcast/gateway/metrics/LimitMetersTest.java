package io.logcast.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class LimitMetersTest {
  @Test
  void everyKindIsRegisteredAtZeroAndCountedOnItsOwn() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LimitMeters meters = new LimitMeters(registry);
    assertThat(registry.find("logcast.limit.rejections").counters()).hasSize(LimitKind.values().length);
    meters.rejected(LimitKind.CONNECT_RATE, null, "127.0.0.1:1");
    meters.rejected(LimitKind.CONNECT_RATE);
    meters.rejected(LimitKind.INFLATED_SIZE);
    assertThat(registry.get("logcast.limit.rejections").tag("kind", "connect_rate").counter().count()).isEqualTo(2);
    assertThat(meters.count(LimitKind.INFLATED_SIZE)).isEqualTo(1);
    assertThat(meters.count(LimitKind.RATE)).isZero();
  }

  @Test
  void theLogThrottleLetsOneLinePerIntervalAndCountsTheRest() {
    LogThrottle throttle = new LogThrottle(2, 1_000);
    assertThat(throttle.admit(0, 10_000)).isZero();
    assertThat(throttle.admit(0, 10_500)).isEqualTo(-1);
    assertThat(throttle.admit(0, 10_900)).isEqualTo(-1);
    assertThat(throttle.admit(1, 10_900)).isZero();
    assertThat(throttle.admit(0, 11_000)).isEqualTo(2);
  }
}
