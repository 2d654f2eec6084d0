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
      clock.delivered(now - 60_000, i < 99 ? now : now - 30_000, now);
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
    long future = System.currentTimeMillis() + 60_000;
    clock.delivered(future, future, future);
    clock.written(metrics);
    assertThat(registry.get("logcast.delivery.latency").timer().totalTime(TimeUnit.MILLISECONDS)).isZero();
    assertThat(registry.get("logcast.delivery.inbox.wait").timer().totalTime(TimeUnit.MILLISECONDS)).isZero();
    assertThat(registry.get("logcast.delivery.write").timer().totalTime(TimeUnit.MILLISECONDS)).isZero();
  }

  @Test
  void theGatewaysShareSplitsWhereTheShardQueuedTheRecord() {
    DeliveryClock clock = new DeliveryClock();
    long now = System.currentTimeMillis();
    clock.delivered(now - 50_000, now - 40_000, now - 30_000); // 10 s in the inbox, then 30 s to written
    clock.delivered(now - 50_000, now - 20_000, now - 25_000); // queued "before" its poll (clocks): no wait
    clock.written(metrics);
    Timer inbox = registry.get("logcast.delivery.inbox.wait").timer();
    Timer write = registry.get("logcast.delivery.write").timer();
    assertThat(inbox.count()).isEqualTo(2);
    assertThat(write.count()).isEqualTo(2);
    assertThat(inbox.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
    // each record's two parts add up to its time in the gateway
    assertThat(inbox.totalTime(TimeUnit.MILLISECONDS) + write.totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(registry.get("logcast.delivery.gateway.latency").timer().totalTime(TimeUnit.MILLISECONDS));
    assertThat(write.max(TimeUnit.MILLISECONDS)).isBetween(30_000.0, 31_000.0);
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
