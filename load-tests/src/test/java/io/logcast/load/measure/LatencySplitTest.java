package io.logcast.load.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencySplitTest {
  private static Map<Double, Double> buckets(double at5ms, double at10ms, double at100ms, double at1s, double all) {
    return new TreeMap<>(Map.of(0.005, at5ms, 0.01, at10ms, 0.1, at100ms, 1.0, at1s, Double.POSITIVE_INFINITY, all));
  }

  @Test
  void sharesCountOnlyTheWindowAndIncludeRecordsPastTheLastBound() {
    Map<Double, Double> before = buckets(100, 100, 100, 100, 100);
    // 1,000 records in the window: 900 within 5 ms, 990 within 10 ms, 999 within 100 ms, 1 past every bound
    Map<Double, Double> after = buckets(1000, 1090, 1099, 1099, 1100);
    assertThat(LatencySplit.shares(before, after)).isEqualTo("90.00 / 99.00 / 99.90");
  }

  @Test
  void noRecordsOrNoHistogramGiveNothing() {
    Map<Double, Double> same = buckets(5, 5, 5, 5, 5);
    assertThat(LatencySplit.shares(same, same)).isNull();
    assertThat(LatencySplit.shares(Map.of(), Map.of())).isNull();
  }
}
