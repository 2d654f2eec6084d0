package io.logcast.load.report;

// the frame and colours of the other charts
import static io.logcast.load.report.Plots.B;
import static io.logcast.load.report.Plots.COLORS;
import static io.logcast.load.report.Plots.H;
import static io.logcast.load.report.Plots.L;
import static io.logcast.load.report.Plots.R;
import static io.logcast.load.report.Plots.T;
import static io.logcast.load.report.Plots.W;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The chart of a {@code compare} report: p99 latency against the deliveries/s that arrived, one line
 * per system (its fixed point and ladder steps), the step's p99 bound dashed. The latency axis is
 * logarithmic, so one system's collapse (seconds) and the others' tens of milliseconds fit together.
 */
public final class RatePlot {
  public static final String FILE = "p99-by-rate.png";
  private static final double MIN_MILLIS = 1;
  /** A bound more than this many times the largest p99 is named, not drawn. */
  private static final double BOUND_SHOWN_WITHIN = 10;

  /** One run: what arrived per second, and its p99. */
  public record Point(double perSecond, double p99Millis) {
  }

  private RatePlot() {
  }

  /** Each system's points, by rate; a run's system is the first word of its name ("nats step 100/s …"). */
  public static Map<String, List<Point>> of(List<RunResult> runs) {
    Map<String, List<Point>> out = new LinkedHashMap<>();
    for (RunResult r : runs) {
      add(out, r.name(), r.deliveriesPerSecond(), r.percentileMillis(99));
    }
    return out;
  }

  /** The same from a compare's report.json. */
  public static Map<String, List<Point>> fromReport(Path reportJson) throws IOException {
    Map<String, List<Point>> out = new LinkedHashMap<>();
    for (JsonNode run : new ObjectMapper().readTree(reportJson.toFile()).path("runs")) {
      add(out, run.path("name").asText(), run.path("deliveriesPerSecond").asDouble(),
          run.path("latencyMillis").path("p99").asDouble(-1));
    }
    return out;
  }

  private static void add(Map<String, List<Point>> out, String name, double perSecond, double p99) {
    if (p99 < 0) {
      return; // nothing arrived
    }
    String system = name.split(" ", 2)[0];
    List<Point> points = out.computeIfAbsent(system, s -> new ArrayList<>());
    points.add(new Point(perSecond, p99));
    points.sort(Comparator.comparingDouble(Point::perSecond));
  }

  public static void write(Path file, Map<String, List<Point>> bySystem, double boundMillis) throws IOException {
    double maxX = 1;
    double maxY = 100;
    for (List<Point> points : bySystem.values()) {
      for (Point p : points) {
        maxX = Math.max(maxX, p.perSecond());
        maxY = Math.max(maxY, p.p99Millis());
      }
    }
    maxX *= 1.05;
    maxY = axisTopMillis(maxY, boundMillis);
    boolean boundShown = boundMillis <= maxY;
    int decades = (int) Math.ceil(Math.log10(maxY / MIN_MILLIS));
    BufferedImage img = Plots.blank();
    Graphics2D g = img.createGraphics();
    Plots.prepare(g);
    int pw = W - L - R;
    int ph = H - T - B;
    for (int d = 0; d <= decades; d++) {
      int y = T + ph - ph * d / decades;
      grid(g, L, y, L + pw, y);
      g.drawString(String.format(Locale.ROOT, "%,.0f", MIN_MILLIS * Math.pow(10, d)), 5, y + 4);
    }
    for (int i = 0; i <= 6; i++) {
      int x = L + pw * i / 6;
      grid(g, x, T, x, T + ph);
      g.drawString(String.format(Locale.ROOT, "%,.0fk", maxX * i / 6 / 1000), x - 12, T + ph + 18);
    }
    g.setColor(Color.BLACK);
    g.drawRect(L, T, pw, ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString("p99 latency by deliveries/s (each system's fixed point and ladder steps)", L, T - 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString("deliveries/s that arrived", L + pw / 2 - 60, H - 15);
    g.drawString("p99 ms (log)", L, T - 2);
    if (boundShown) {
      int boundY = y(boundMillis, decades, ph);
      g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 6f}, 0f));
      g.drawLine(L, boundY, L + pw, boundY);
      g.drawString(String.format(Locale.ROOT, "p99 bound %,.0f ms", boundMillis), L + pw - 120, boundY - 4);
    } else {
      String note = String.format(Locale.ROOT, "p99 bound %,.0f ms (off the chart)", boundMillis);
      g.drawString(note, L + pw - g.getFontMetrics().stringWidth(note), T - 2);
    }
    g.setStroke(new BasicStroke(2f));
    int i = 0;
    for (Map.Entry<String, List<Point>> e : bySystem.entrySet()) {
      g.setColor(COLORS[i % COLORS.length]);
      int px = -1;
      int py = -1;
      for (Point p : e.getValue()) {
        int x = L + (int) (pw * p.perSecond() / maxX);
        int y = y(p.p99Millis(), decades, ph);
        g.fillOval(x - 4, y - 4, 8, 8);
        if (px >= 0) {
          g.drawLine(px, py, x, y);
        }
        px = x;
        py = y;
      }
      g.drawString(e.getKey(), L + 10, T + 18 + 16 * i++);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static void grid(Graphics2D g, int x1, int y1, int x2, int y2) {
    g.setColor(new Color(0xdddddd));
    g.drawLine(x1, y1, x2, y2);
    g.setColor(Color.DARK_GRAY);
  }

  /**
   * The latency axis's top: the largest p99 (at least 100 ms), or the bound if it is within
   * {@link #BOUND_SHOWN_WITHIN} times that. A bound set far above every point only keeps a ladder
   * going; drawing it would squash the data into the bottom decades.
   */
  static double axisTopMillis(double largestP99Millis, double boundMillis) {
    double top = Math.max(100, largestP99Millis);
    return boundMillis <= top * BOUND_SHOWN_WITHIN ? Math.max(top, boundMillis) : top;
  }

  private static int y(double millis, int decades, int ph) {
    double d = Math.log10(Math.max(MIN_MILLIS, millis) / MIN_MILLIS);
    return T + ph - (int) (ph * Math.min(1, d / decades));
  }
}
