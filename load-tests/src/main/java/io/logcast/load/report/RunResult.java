package io.logcast.load.report;

import io.logcast.load.measure.Latencies;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One measured run of a scenario (e.g. "A: no stalled clients"). Latencies are of fast clients only,
 * publish-timestamp → receipt, in microseconds; server figures are -1 where unknown.
 */
public record RunResult(String name, Map<String, Object> parameters, int clients, int stalled,
    int failedToConnect, long published, long deliveries, double measuredSeconds, Histogram latencyMicros,
    List<Latencies.Point> series, long lost, long duplicated, Map<Integer, Integer> closeCodes,
    double serverCpuPercent, long serverRssBytes, long serverHeapAfterGcBytes, Map<String, Double> serverMetrics,
    Map<String, Object> extra) {

  public static final double[] PERCENTILES = {50, 90, 99, 99.9};

  public double deliveriesPerSecond() {
    return measuredSeconds <= 0 ? 0 : latencyMicros.getTotalCount() / measuredSeconds;
  }

  public double percentileMillis(double p) {
    return latencyMicros.getTotalCount() == 0 ? -1 : latencyMicros.getValueAtPercentile(p) / 1000.0;
  }

  public double maxMillis() {
    return latencyMicros.getTotalCount() == 0 ? -1 : latencyMicros.getMaxValue() / 1000.0;
  }

  /** The JSON shape of this run. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("parameters", parameters);
    m.put("clients", clients);
    m.put("stalledClients", stalled);
    m.put("failedToConnect", failedToConnect);
    m.put("published", published);
    m.put("deliveries", deliveries);
    m.put("measuredSeconds", measuredSeconds);
    m.put("deliveriesPerSecond", Math.round(deliveriesPerSecond()));
    Map<String, Object> lat = new LinkedHashMap<>();
    for (double p : PERCENTILES) {
      lat.put("p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)), percentileMillis(p));
    }
    lat.put("max", maxMillis());
    lat.put("samples", latencyMicros.getTotalCount());
    m.put("latencyMillis", lat);
    m.put("lost", lost);
    m.put("duplicated", duplicated);
    m.put("closeCodes", closeCodes);
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("cpuPercent", serverCpuPercent);
    server.put("rssBytes", serverRssBytes);
    server.put("heapUsedAfterGcBytes", serverHeapAfterGcBytes);
    server.put("metrics", serverMetrics);
    m.put("server", server);
    m.put("perSecond", series.stream().map(pt -> List.of(pt.atSeconds(), pt.deliveries(), pt.p99Micros())).toList());
    m.putAll(extra);
    return m;
  }
}
