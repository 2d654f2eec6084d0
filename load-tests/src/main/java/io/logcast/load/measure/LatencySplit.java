package io.logcast.load.measure;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where a Logcast delivery's time goes, from the gateway's own histograms over the measured
 * window: from the Kafka record's timestamp to its frame being written (the producer, the broker,
 * the fetch and the gateway) beside from the poll that returned it (the gateway alone), and that
 * split in two: the inbox (the poll until the shard queued the record on its clients: the hand-off
 * to the event loop, the loop busy, the write pacing) and the write (until its cycle ended). One sample
 * per record per event loop, not per client. A percentile is read as the upper bound of the bucket
 * it falls in, so it is at most one bucket (about a tenth) high.
 */
public final class LatencySplit {
  static final String END_TO_END = "logcast_delivery_latency_seconds";
  static final String GATEWAY = "logcast_delivery_gateway_latency_seconds";
  static final String INBOX = "logcast_delivery_inbox_wait_seconds";
  static final String WRITE = "logcast_delivery_write_seconds";
  private static final String[] HISTOGRAMS = {END_TO_END, GATEWAY, INBOX, WRITE};
  private static final double[] PERCENTILES = {50, 90, 99};

  private final ServerProbe probe;
  /** The histograms' buckets when the window started. */
  private Map<String, Map<Double, Double>> before = Map.of();

  public LatencySplit(ServerProbe probe) {
    this.probe = probe;
  }

  /** The measured window starts. */
  public void start() {
    before = probe.buckets(HISTOGRAMS);
  }

  /** The window ends: p50 / p90 / p99 of each histogram, or null for a target without these metrics. */
  public String end() {
    Map<String, Map<Double, Double>> now = probe.buckets(HISTOGRAMS);
    String e2e = window(now, END_TO_END);
    String gw = window(now, GATEWAY);
    if (e2e == null || gw == null) {
      return null;
    }
    String inbox = window(now, INBOX);
    String write = window(now, WRITE);
    // a gateway from before the split has neither: report what it has
    String split = inbox == null || write == null ? "" : "; of that, poll to queued " + inbox
        + " ms, queued to written " + write + " ms";
    return "gateway's histograms, p50 / p90 / p99: from the Kafka timestamp to written " + e2e
        + " ms, from the gateway's poll to written " + gw + " ms" + split;
  }

  private String window(Map<String, Map<Double, Double>> now, String histogram) {
    return percentiles(before.getOrDefault(histogram, Map.of()), now.get(histogram));
  }

  /** Cumulative buckets (upper bound in seconds → count) before and after; null if nothing was recorded between. */
  static String percentiles(Map<Double, Double> before, Map<Double, Double> after) {
    double total = delta(before, after, Double.POSITIVE_INFINITY);
    if (total <= 0) {
      return null;
    }
    StringJoiner j = new StringJoiner(" / ");
    for (double p : PERCENTILES) {
      double bound = after.keySet().stream().sorted()
          .filter(le -> delta(before, after, le) >= total * p / 100).findFirst().orElse(Double.POSITIVE_INFINITY);
      j.add(Double.isInfinite(bound) ? "> max" : String.format(Locale.ROOT, "%.2f", bound * 1000));
    }
    return j.toString();
  }

  private static double delta(Map<Double, Double> before, Map<Double, Double> after, double le) {
    return after.getOrDefault(le, 0.0) - before.getOrDefault(le, 0.0);
  }
}
