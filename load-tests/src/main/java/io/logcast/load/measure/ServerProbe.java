package io.logcast.load.measure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server process from outside: CPU time and RSS from /proc, heap after a full GC via jcmd
 * (JVM targets), and Prometheus metrics from a management URL when there is one.
 */
public final class ServerProbe {
  private static final long CLOCK_TICKS_PER_SECOND = 100;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** A histogram bucket's upper bound label. */
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");
  // SerialGC / ParallelGC / G1 lines of `jcmd GC.heap_info`
  private static final Pattern HEAP_USED = Pattern.compile(
      "^\\s*(def new generation|tenured generation|PSYoungGen|ParOldGen|garbage-first heap)\\s.*?used (\\d+)K",
      Pattern.MULTILINE);

  private final List<Long> pids;
  private final boolean jvm;
  private final String metricsUrl;

  public ServerProbe(List<Long> pids, boolean jvm, String metricsUrl) {
    this.pids = List.copyOf(pids);
    this.jvm = jvm;
    this.metricsUrl = metricsUrl;
  }

  public static ServerProbe none() {
    return new ServerProbe(List.of(), false, null);
  }

  public boolean known() {
    return !pids.isEmpty();
  }

  public List<Long> pids() {
    return pids;
  }

  /** CPU seconds (user + system) used so far by all the processes; -1 if unknown. */
  public double cpuSeconds() {
    if (pids.isEmpty()) {
      return -1;
    }
    double total = 0;
    for (long pid : pids) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
      } catch (IOException | RuntimeException gone) {
        return -1;
      }
    }
    return total;
  }

  /** Resident set size of all the processes in bytes; -1 if unknown. */
  public long rssBytes() {
    if (pids.isEmpty()) {
      return -1;
    }
    long total = 0;
    for (long pid : pids) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
          if (line.startsWith("VmRSS:")) {
            total += Long.parseLong(line.replaceAll("\\D", "")) * 1024;
          }
        }
      } catch (IOException | RuntimeException gone) {
        return -1;
      }
    }
    return total;
  }

  /** Forces a full GC in the (first) JVM and returns its used heap in bytes; -1 if not a JVM or it fails. */
  public long heapUsedAfterGc() {
    if (!jvm || pids.isEmpty()) {
      return -1;
    }
    long pid = pids.get(0);
    if (jcmd(pid, "GC.run") == null) {
      return -1;
    }
    String info = jcmd(pid, "GC.heap_info");
    if (info == null) {
      return -1;
    }
    Matcher m = HEAP_USED.matcher(info);
    long used = 0;
    boolean any = false;
    while (m.find()) {
      used += Long.parseLong(m.group(2)) * 1024;
      any = true;
    }
    return any ? used : -1;
  }

  /** Sums of the named Prometheus series (all label sets, or only those whose labels contain the filter). */
  public Map<String, Double> metrics(Map<String, String> nameAndLabelFilter) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : scrape()) {
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = line.substring(0, brace >= 0 ? brace : line.indexOf(' '));
      String labels = brace >= 0 ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
      String filter = nameAndLabelFilter.get(name);
      if (filter != null && labels.contains(filter)) {
        out.merge(name + (filter.isEmpty() ? "" : "{" + filter + "}"), Double.parseDouble(line.substring(space + 1)), Double::sum);
      }
    }
    return out;
  }

  /**
   * The histograms' cumulative bucket counts from one scrape: name → (upper bound in seconds, +Inf
   * as infinity → count, all label sets summed); a histogram the endpoint lacks maps to an empty map.
   */
  public Map<String, Map<Double, Double>> buckets(String... histograms) {
    Map<String, Map<Double, Double>> out = new LinkedHashMap<>();
    for (String h : histograms) {
      out.put(h, new TreeMap<>());
    }
    for (String line : scrape()) {
      Map<Double, Double> counts = out.get(line.substring(0, Math.max(0, line.indexOf("_bucket{"))));
      Matcher le = LE.matcher(line);
      if (counts != null && le.find()) {
        double bound = "+Inf".equals(le.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
        counts.merge(bound, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
      }
    }
    return out;
  }

  /** The sample lines of the metrics endpoint; none without one or when it does not answer. */
  private List<String> scrape() {
    if (metricsUrl == null) {
      return List.of();
    }
    try {
      String text = HTTP.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return text.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private static String jcmd(long pid, String command) {
    try {
      Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
