package io.logcast.load.measure;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a Logcast delivery's time goes, from the gateway's own histograms over the measured
 * window: from the Kafka record's timestamp to its frame being written (the producer, the broker,
 * the fetch and the gateway) beside from the poll that returned it (the gateway alone). The
 * histograms have SLO buckets only, so the split is the share of records within each bound.
 */
public final class LatencySplit {
  static final String END_TO_END = "logcast_delivery_latency_seconds";
  static final String GATEWAY = "logcast_delivery_gateway_latency_seconds";

  private final ServerProbe probe;
  private Map<Double, Double> endToEnd0 = Map.of();
  private Map<Double, Double> gateway0 = Map.of();

  public LatencySplit(ServerProbe probe) {
    this.probe = probe;
  }

  /** The measured window starts. */
  public void start() {
    endToEnd0 = probe.buckets(END_TO_END);
    gateway0 = probe.buckets(GATEWAY);
  }

  /** The window ends: the shares within each bound up to 100 ms, or null for a target without these metrics. */
  public String end() {
    Map<Double, Double> endToEnd = probe.buckets(END_TO_END);
    String e2e = shares(endToEnd0, endToEnd);
    String gw = shares(gateway0, probe.buckets(GATEWAY));
    if (e2e == null || gw == null) {
      return null;
    }
    return "records written within " + bounds(endToEnd) + " ms: from the Kafka timestamp " + e2e
        + " %, from the gateway's poll " + gw + " %";
  }

  static String shares(Map<Double, Double> before, Map<Double, Double> after) {
    if (after.isEmpty()) {
      return null;
    }
    double total = delta(before, after, Double.POSITIVE_INFINITY);
    if (total <= 0) {
      return null;
    }
    StringJoiner j = new StringJoiner(" / ");
    after.keySet().stream().filter(le -> le <= 0.1)
        .forEach(le -> j.add(String.format(Locale.ROOT, "%.2f", 100 * delta(before, after, le) / total)));
    return j.toString();
  }

  private static String bounds(Map<Double, Double> buckets) {
    StringJoiner j = new StringJoiner(" / ");
    buckets.keySet().stream().filter(le -> le <= 0.1).forEach(le -> j.add(String.format(Locale.ROOT, "%.0f", le * 1000)));
    return j.toString();
  }

  /** Records counted at or below {@code le} during the window. */
  private static double delta(Map<Double, Double> before, Map<Double, Double> after, double le) {
    return after.getOrDefault(le, 0.0) - before.getOrDefault(le, 0.0);
  }
}
