package io.logcast.load.scenario;

import io.logcast.load.report.RatePlot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Draws a compare report's p99-by-rate chart again from its report.json (reports written before it existed). */
@Command(name = "plot", description = "Writes p99-by-rate.png into compare report directories, from their report.json.")
public final class PlotCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "DIR", description = "compare report directories")
  List<Path> dirs;

  @Option(names = "--p99-bound-ms", description = "the bound drawn (default: the report's own)")
  Double boundMillis;

  @Override
  public Integer call() throws Exception {
    int failed = 0;
    for (Path dir : dirs) {
      Path json = dir.resolve("report.json");
      if (!Files.isRegularFile(json)) {
        System.err.println("plot: no report.json in " + dir);
        failed++;
        continue;
      }
      double bound = boundMillis != null ? boundMillis : new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(json.toFile()).path("parameters").path("p99BoundMillis").asDouble(50);
      Path out = dir.resolve(RatePlot.FILE);
      RatePlot.write(out, RatePlot.fromReport(json), bound);
      System.out.println("plot: " + out);
    }
    return failed == 0 ? 0 : 1;
  }
}
