package io.logcast.load.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LatencySplitTest {
  private static Map<Double, Double> buckets(double at1ms, double at5ms, double at10ms, double at100ms, double all) {
    return new TreeMap<>(Map.of(0.001, at1ms, 0.005, at5ms, 0.01, at10ms, 0.1, at100ms, Double.POSITIVE_INFINITY, all));
  }

  @Test
  void percentilesAreTheBucketBoundsOfTheWindowOnly() {
    // before the window, 10,000 records all past 100 ms: they must not count
    Map<Double, Double> before = buckets(0, 0, 0, 0, 10_000);
    // 1,000 in the window: 400 within 1 ms, 900 within 5 ms, 991 within 10 ms, all within 100 ms
    Map<Double, Double> after = buckets(400, 900, 991, 1000, 11_000);
    assertThat(LatencySplit.percentiles(before, after)).isEqualTo("5.00 / 5.00 / 10.00");
  }

  @Test
  void aPercentilePastTheLastFiniteBoundSaysSo() {
    Map<Double, Double> before = buckets(0, 0, 0, 0, 0);
    Map<Double, Double> after = buckets(60, 60, 60, 60, 100);
    assertThat(LatencySplit.percentiles(before, after)).isEqualTo("1.00 / > max / > max");
  }

  @Test
  void noRecordsOrNoHistogramGiveNothing() {
    Map<Double, Double> same = buckets(5, 5, 5, 5, 5);
    assertThat(LatencySplit.percentiles(same, same)).isNull();
    assertThat(LatencySplit.percentiles(Map.of(), Map.of())).isNull();
  }
}
