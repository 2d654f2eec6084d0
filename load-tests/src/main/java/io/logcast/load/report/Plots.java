package io.logcast.load.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;

/** Two PNG charts drawn with Java2D (headless): the latency percentile curve and deliveries/s over time. */
final class Plots {
  static final int W = 900;
  static final int H = 480;
  static final int L = 80;
  static final int R = 30;
  static final int T = 40;
  static final int B = 60;
  static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b)};
  /** x positions of the percentile curve: 0, 90, 99, 99.9, 99.99, 99.999 on a log(1/(1-p)) axis. */
  private static final double MAX_NINES = 5;

  private Plots() {
  }

  /** Latency (ms) against percentile, x = log10(1/(1-p)), one line per run. */
  static void percentiles(Path file, List<RunResult> runs) throws IOException {
    List<double[][]> lines = new ArrayList<>();
    double maxY = 0;
    for (RunResult r : runs) {
      Histogram h = r.latencyMicros();
      List<double[]> pts = new ArrayList<>();
      if (h.getTotalCount() > 0) {
        for (double nines = 0; nines <= MAX_NINES + 1e-9; nines += 0.05) {
          double p = 100 * (1 - Math.pow(10, -nines));
          double ms = h.getValueAtPercentile(p) / 1000.0;
          pts.add(new double[] {nines, ms});
          maxY = Math.max(maxY, ms);
        }
      }
      lines.add(pts.toArray(new double[0][]));
    }
    draw(file, "Delivery latency by percentile", "percentile", "latency (ms)", runs, lines, MAX_NINES, maxY, true);
  }

  /** Deliveries per second over the measured window, one line per run. */
  static void rate(Path file, List<RunResult> runs) throws IOException {
    List<double[][]> lines = new ArrayList<>();
    double maxX = 1;
    double maxY = 0;
    for (RunResult r : runs) {
      double[][] pts = r.series().stream().map(p -> new double[] {p.atSeconds(), p.deliveries()}).toArray(double[][]::new);
      for (double[] p : pts) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
      lines.add(pts);
    }
    draw(file, "Deliveries per second", "seconds", "deliveries/s", runs, lines, maxX, maxY, false);
  }

  private static void draw(Path file, String title, String xLabel, String yLabel, List<RunResult> runs,
      List<double[][]> lines, double maxX, double maxY, boolean percentileAxis) throws IOException {
    maxY = maxY <= 0 ? 1 : maxY * 1.1;
    BufferedImage img = blank();
    Graphics2D g = img.createGraphics();
    prepare(g);
    int pw = W - L - R;
    int ph = H - T - B;
    g.setColor(new Color(0xdddddd));
    for (int i = 0; i <= 5; i++) {
      int y = T + ph - ph * i / 5;
      g.drawLine(L, y, L + pw, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%,.1f", maxY * i / 5), 5, y + 4);
      g.setColor(new Color(0xdddddd));
    }
    int ticks = percentileAxis ? (int) maxX : 6;
    for (int i = 0; i <= ticks; i++) {
      int x = L + (int) (pw * (double) i / ticks);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x, T, x, T + ph);
      g.setColor(Color.DARK_GRAY);
      String label = percentileAxis ? percentileLabel(i) : String.format(Locale.ROOT, maxX < 30 ? "%.1f" : "%.0f", maxX * i / ticks);
      g.drawString(label, x - 15, T + ph + 18);
    }
    g.setColor(Color.BLACK);
    g.drawRect(L, T, pw, ph);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, L, T - 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(xLabel, L + pw / 2 - 20, H - 15);
    g.drawString(yLabel, L, T - 2);
    g.setStroke(new BasicStroke(2f));
    for (int i = 0; i < lines.size(); i++) {
      g.setColor(COLORS[i % COLORS.length]);
      double[][] pts = lines.get(i);
      for (int j = 1; j < pts.length; j++) {
        g.drawLine(px(pts[j - 1][0], maxX, pw), py(pts[j - 1][1], maxY, ph),
            px(pts[j][0], maxX, pw), py(pts[j][1], maxY, ph));
      }
      g.drawString(runs.get(i).name(), L + 10, T + 18 + 16 * i);
    }
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  /** An image of the common size, not yet cleared: {@link #prepare} paints it white. */
  static BufferedImage blank() {
    return new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
  }

  /** Antialiased, cleared to white, the labels' font. */
  static void prepare(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
  }

  private static String percentileLabel(int nines) {
    return nines == 0 ? "0" : String.format(Locale.ROOT, "%s", 100 - Math.pow(10, 2 - nines))
        .replaceAll("\\.0$", "").replaceAll("(\\.\\d*?9+)\\d*$", "$1");
  }

  private static int px(double x, double maxX, int pw) {
    return L + (int) (pw * Math.min(1, x / maxX));
  }

  private static int py(double y, double maxY, int ph) {
    return T + ph - (int) (ph * Math.min(1, y / maxY));
  }
}
