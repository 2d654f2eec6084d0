package io.logcast.gateway.live;

import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.ResumeOutcome;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.metrics.LimitMeters;
import io.logcast.gateway.metrics.TopicTags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryClockTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry, new TopicTags(false, Set.of()),
      new LimitMeters(registry));

  @Test
  void oneSamplePerDeliveredRecordFromItsKafkaTimestampAndFromItsPoll() {
    DeliveryClock clock = new DeliveryClock();
    long now = System.currentTimeMillis();
    for (int i = 0; i < 100; i++) { // past the initial capacity: the arrays grow
      clock.delivered(now - 60_000, i < 99 ? now : now - 30_000);
    }
    clock.written(metrics);
    clock.written(metrics); // nothing new: no samples
    Timer latency = registry.get("logcast.delivery.latency").timer();
    assertThat(latency.count()).isEqualTo(100);
    assertThat(latency.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(60_000);
    Timer gateway = registry.get("logcast.delivery.gateway.latency").timer();
    assertThat(gateway.count()).isEqualTo(100);
    // the last record's poll, kept past the growth, is the slowest gateway sample
    assertThat(gateway.max(TimeUnit.MILLISECONDS)).isBetween(30_000.0, 59_000.0);
  }

  @Test
  void aTimestampFromTheFutureCountsAsZeroNotNegative() {
    DeliveryClock clock = new DeliveryClock();
    clock.delivered(System.currentTimeMillis() + 60_000, System.currentTimeMillis() + 60_000);
    clock.written(metrics);
    assertThat(registry.get("logcast.delivery.latency").timer().totalTime(TimeUnit.MILLISECONDS)).isZero();
  }

  @Test
  void resumeOutcomesAreTaggedByOutcomeAndReason() {
    metrics.resumed(ResumeOutcome.RECOVERED, TimeUnit.MILLISECONDS.toNanos(30));
    metrics.resumed(ResumeOutcome.UNAVAILABLE, TimeUnit.MILLISECONDS.toNanos(5_000));
    assertThat(registry.get("logcast.sessions.resumed").tag("outcome", "recovered").tag("reason", "none")
        .counter().count()).isEqualTo(1);
    assertThat(registry.get("logcast.sessions.resumed").tag("outcome", "not_recovered").tag("reason", "unavailable")
        .counter().count()).isEqualTo(1);
    var took = registry.get("logcast.sessions.resume.duration").timer();
    assertThat(took.count()).isEqualTo(2);
    assertThat(took.max(TimeUnit.MILLISECONDS)).isEqualTo(5_000);
    assertThat(metrics.delivered("any-topic").getId().getTag("topic")).isEqualTo("other");
  }
}
