package io.logcast.load.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatePlotTest {
  @TempDir
  Path dir;

  @Test
  void aReportsRunsAreGroupedBySystemAndOrderedByRateWithoutTheRunsWhereNothingArrived() throws IOException {
    Path json = dir.resolve("report.json");
    Files.writeString(json, """
        {"runs": [
          {"name": "logcast fixed 50/s × 1000", "deliveriesPerSecond": 50100, "latencyMillis": {"p99": 21.0}},
          {"name": "logcast step 25/s × 1000", "deliveriesPerSecond": 25000, "latencyMillis": {"p99": 14.5}},
          {"name": "nats-js step 25/s × 1000", "deliveriesPerSecond": 0, "latencyMillis": {"p99": -1.0}},
          {"name": "nats fixed 50/s × 1000", "deliveriesPerSecond": 49990, "latencyMillis": {"p99": 1912.0}}
        ]}""");

    Map<String, List<RatePlot.Point>> points = RatePlot.fromReport(json);

    assertThat(points).containsOnlyKeys("logcast", "nats");
    assertThat(points.get("logcast")).containsExactly(new RatePlot.Point(25000, 14.5), new RatePlot.Point(50100, 21.0));
    assertThat(points.get("nats")).containsExactly(new RatePlot.Point(49990, 1912.0));
  }

  @Test
  void theChartIsWrittenWhateverTheRangeOfItsPoints() throws IOException {
    Path png = dir.resolve(RatePlot.FILE);
    RatePlot.write(png, Map.of("a", List.of(new RatePlot.Point(1, 0.2), new RatePlot.Point(150_000, 8_000))), 50);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(900);
    assertThat(img.getHeight()).isEqualTo(480);
    RatePlot.write(png, Map.of(), 100_000); // an empty report, a bound above every point
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
  }

  @Test
  void theLatencyAxisCoversTheBoundOnlyWhenItIsNearThePoints() {
    assertThat(RatePlot.axisTopMillis(420, 50)).isEqualTo(420); // the bound under the points: drawn
    assertThat(RatePlot.axisTopMillis(30, 50)).isEqualTo(100); // at least 100 ms
    assertThat(RatePlot.axisTopMillis(420, 4_000)).isEqualTo(4_000); // within 10×: the axis reaches it
    assertThat(RatePlot.axisTopMillis(420, 100_000)).isEqualTo(420); // far above: named, not drawn
  }
}
