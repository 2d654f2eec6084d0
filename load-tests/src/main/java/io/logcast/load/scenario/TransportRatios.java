package io.logcast.load.scenario;

import io.logcast.load.report.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SSE/WebSocket ratios of a fan-out that ran both transports: runs come as rate by rate, the
 * transports in the order given, so each WebSocket run is compared with the SSE run of its rate.
 */
final class TransportRatios {
  private TransportRatios() {
  }

  static List<String> notes(List<FanoutCommand.Transport> transports, List<RunResult> runs) {
    List<String> notes = new ArrayList<>();
    int ws = transports.indexOf(FanoutCommand.Transport.websocket);
    int sse = transports.indexOf(FanoutCommand.Transport.sse);
    if (ws < 0 || sse < 0) {
      return notes;
    }
    for (int i = 0; i + transports.size() <= runs.size(); i += transports.size()) {
      RunResult w = runs.get(i + ws);
      RunResult s = runs.get(i + sse);
      notes.add(String.format(Locale.ROOT, "SSE/WebSocket at %s: deliveries/s %.2f, p50 %.2f, p99 %.2f, "
              + "server CPU %.2f, RSS %.2f (SSE: %,.0f/s p50 %.2f ms p99 %.2f ms CPU %.0f %%; WebSocket: %,.0f/s "
              + "p50 %.2f ms p99 %.2f ms CPU %.0f %%)", w.parameters().get("publishesPerSecond") + "/s",
          ratio(s.deliveriesPerSecond(), w.deliveriesPerSecond()),
          ratio(s.percentileMillis(50), w.percentileMillis(50)), ratio(s.percentileMillis(99), w.percentileMillis(99)),
          ratio(s.serverCpuPercent(), w.serverCpuPercent()), ratio(s.serverRssBytes(), w.serverRssBytes()),
          s.deliveriesPerSecond(), s.percentileMillis(50), s.percentileMillis(99), s.serverCpuPercent(),
          w.deliveriesPerSecond(), w.percentileMillis(50), w.percentileMillis(99), w.serverCpuPercent()));
    }
    return notes;
  }

  private static double ratio(double a, double b) {
    return a < 0 || b <= 0 ? Double.NaN : a / b;
  }
}
