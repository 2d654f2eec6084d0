package io.logcast.load.target;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.KafkaBroker;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark broker's warm-up on a real broker: it produces at its rate and reads every record back. */
class BrokerWarmupIT {
  private static KafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KafkaBroker.start(KafkaBroker.Options.defaults());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void producesForItsDurationAndReadsEveryRecordBack() throws InterruptedException {
    BrokerWarmup.Result r = BrokerWarmup.run(broker, Duration.ofSeconds(2));

    // 2 s at 5,000/s, less the producer's start-up
    assertThat(r.sent()).isBetween(5_000L, 10_001L);
    assertThat(r.read()).isEqualTo(r.sent());
  }

  @Test
  void aZeroDurationDoesNothing() throws InterruptedException {
    assertThat(BrokerWarmup.run(broker, Duration.ZERO)).isEqualTo(new BrokerWarmup.Result(0, 0));
  }
}
