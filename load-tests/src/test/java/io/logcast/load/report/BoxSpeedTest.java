package io.logcast.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BoxSpeedTest {
  @Test
  void everyRoundTripIsTimedAndTheTimesComeSorted() {
    double[] micros = BoxSpeed.loopbackRoundTripsMicros(10, 200);

    assertThat(micros).hasSize(200);
    assertThat(micros[0]).isPositive();
    for (int i = 1; i < micros.length; i++) {
      assertThat(micros[i]).isGreaterThanOrEqualTo(micros[i - 1]);
    }
  }

  @Test
  void percentilesPickTheRankedValue() {
    double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

    assertThat(BoxSpeed.percentile(sorted, 50)).isEqualTo(5);
    assertThat(BoxSpeed.percentile(sorted, 90)).isEqualTo(9);
    assertThat(BoxSpeed.percentile(sorted, 100)).isEqualTo(10);
    assertThat(BoxSpeed.percentile(sorted, 0)).isEqualTo(1);
  }

  @Test
  void theFiguresTakenAtStartGoIntoEveryReportsMachine() {
    assertThat(BoxSpeed.sha256MiBPerSecond(1, 4)).isPositive();

    BoxSpeed.measureAtStart();

    @SuppressWarnings("unchecked")
    Map<String, Object> box = (Map<String, Object>) ReportWriter.machine().get("boxAtStart");
    assertThat(box).containsOnlyKeys("loopbackRoundTripP50Micros", "loopbackRoundTripP90Micros", "sha256MiBPerSecond");
    assertThat((double) box.get("loopbackRoundTripP90Micros"))
        .isGreaterThanOrEqualTo((double) box.get("loopbackRoundTripP50Micros")).isPositive();
    assertThat((long) box.get("sha256MiBPerSecond")).isPositive();
  }
}
