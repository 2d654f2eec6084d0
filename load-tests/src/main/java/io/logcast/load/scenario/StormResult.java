package io.logcast.load.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.logcast.load.report.ReportWriter;
import io.logcast.testkit.ResumingClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a resume storm did: per affected session the time from the kill to its
 * {@code welcome resumed:true}; over all sessions the records lost (never delivered in
 * [start, end)) and delivered twice.
 */
record StormResult(int sessions, int subscribed, double connectSeconds, String victim, int affected, int resumed,
    int resumedFalse, long[] resumeMillisSorted, long published, long endOffset, long lost, int sessionsWithLoss,
    long duplicated, long reordered, long stray, long gapRecords, long connectFailures, double rate, int payload, long completeMillis,
    Map<String, long[]> stagesMillisSorted, Map<String, Integer> refusalsAndErrors, StormCpu cpu) {
  /** The one stage that is a single time, not one per client: left out of the per-second counts. */
  private static final String KILLED_GONE = "killed JVM gone";

  static StormResult of(int sessions, int subscribed, double connectSeconds, String victim, long killedAt,
      long goneMillis, List<ResumingClient> all, List<ResumingClient> affected, long published, long end, double rate,
      int payload, long completeMillis, StormCpu cpu) {
    long[] times = sinceKill(affected, killedAt, ResumingClient::resumedAtMillis);
    Map<String, long[]> stages = new LinkedHashMap<>();
    // the kernel closes a killed process's sockets only when the process is gone: not the survivors' time
    stages.put(KILLED_GONE, new long[] {goneMillis});
    stages.put("close seen", sinceKill(affected, killedAt, ResumingClient::closedAtMillis));
    stages.put("reconnect started", sinceKill(affected, killedAt, ResumingClient::reconnectAtMillis));
    stages.put("upgrade done", sinceKill(affected, killedAt, ResumingClient::upgradedAtMillis));
    stages.put("welcome resumed:true", times);
    long lost = 0;
    int withLoss = 0;
    long dup = 0;
    long reordered = 0;
    long stray = 0;
    long gaps = 0;
    long failures = 0;
    Map<String, Integer> notes = new java.util.TreeMap<>();
    for (ResumingClient c : all) {
      long l = c.missing(0, end);
      lost += l;
      withLoss += l > 0 ? 1 : 0;
      dup += c.duplicates();
      reordered += c.reordered();
      stray += c.foreign() + c.untracked();
      gaps += c.gapRecords();
      failures += c.connectFailures();
      c.notes().forEach((what, n) -> notes.merge(what, n, Integer::sum));
    }
    int resumedFalse = affected.stream().mapToInt(ResumingClient::resumedFalse).sum();
    return new StormResult(sessions, subscribed, connectSeconds, victim, affected.size(), times.length, resumedFalse,
        times, published, end, lost, withLoss, dup, reordered, stray, gaps, failures, rate, payload, completeMillis, stages, notes, cpu);
  }

  private static long[] sinceKill(List<ResumingClient> clients, long killedAt,
      java.util.function.ToLongFunction<ResumingClient> at) {
    return clients.stream().mapToLong(at).filter(t -> t >= killedAt).map(t -> t - killedAt).sorted().toArray();
  }

  private String stages() {
    StringBuilder b = new StringBuilder();
    stagesMillisSorted.forEach((stage, sorted) -> b.append(b.length() == 0 ? "" : "; ").append(stage)
        .append(String.format(Locale.ROOT, " %d / %d / %d ms", percentile(sorted, 50), percentile(sorted, 90),
            percentile(sorted, 100))));
    return b.toString();
  }

  /** Per stage, how many clients reached it in each second after the kill: waves show a retry or a queue. */
  private Map<String, int[]> perSecond() {
    long last = stagesMillisSorted.values().stream().mapToLong(a -> a.length == 0 ? 0 : a[a.length - 1]).max().orElse(0);
    Map<String, int[]> m = new LinkedHashMap<>();
    stagesMillisSorted.forEach((stage, sorted) -> {
      int[] counts = new int[(int) (last / 1000) + 1];
      for (long t : sorted) {
        counts[(int) (t / 1000)]++;
      }
      m.put(stage, counts);
    });
    return m;
  }

  private String perSecondLine() {
    Map<String, int[]> m = perSecond();
    m.remove(KILLED_GONE);
    StringBuilder b = new StringBuilder(String.join(" / ", m.keySet())).append(':');
    int seconds = m.values().stream().mapToInt(a -> a.length).max().orElse(0);
    for (int i = 0; i < seconds; i++) {
      final int s = i;
      b.append(i == 0 ? " " : "; ").append(i).append(" s ")
          .append(String.join("/", m.values().stream().map(a -> String.valueOf(a[s])).toList()));
    }
    return b.toString();
  }

  long percentile(double p) {
    return percentile(resumeMillisSorted, p);
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  String write(Path dir, String command) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("scenario", "resume-storm");
    m.put("command", command);
    m.put("finishedAt", Instant.now().toString());
    m.put("machine", ReportWriter.machine());
    m.put("sessions", sessions);
    m.put("subscribedBeforeKill", subscribed);
    m.put("connectSeconds", connectSeconds);
    m.put("killed", victim);
    m.put("affectedSessions", affected);
    m.put("resumedSessions", resumed);
    m.put("resumeRefused", resumedFalse);
    m.put("resumeMillis", Map.of("p50", percentile(50), "p90", percentile(90), "p99", percentile(99),
        "max", percentile(100)));
    Map<String, Object> st = new LinkedHashMap<>();
    stagesMillisSorted.forEach((stage, sorted) -> st.put(stage, Map.of("p50", percentile(sorted, 50),
        "p90", percentile(sorted, 90), "max", percentile(sorted, 100))));
    m.put("stagesMillisAfterKill", st);
    m.put("stagesPerSecondAfterKill", perSecond());
    m.put("published", published);
    m.put("endOffset", endOffset);
    m.put("everySessionCompleteMillisAfterKill", completeMillis);
    m.put("lostRecords", lost);
    m.put("sessionsWithLoss", sessionsWithLoss);
    m.put("duplicatedRecords", duplicated);
    m.put("reorderedRecords", reordered);
    m.put("strayRecords", stray);
    m.put("gapRecords", gapRecords);
    m.put("connectFailures", connectFailures);
    m.put("recordsPerSecond", rate);
    m.put("payloadBytes", payload);
    m.put("refusalsAndErrors", refusalsAndErrors);
    m.put("cpu", cpu.json());
    m.put("resumeMillisSorted", Arrays.stream(resumeMillisSorted).boxed().toList());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), m);
    String md = String.format(Locale.ROOT, """
        # resume-storm — %,d sessions, one gateway of those behind nginx killed

        - command: `%s`
        - finished: %s, machine: %s
        - %,d of %,d sessions subscribed before the kill (%.1f s to connect); %,d records/s of %d B through Kafka

        | killed | its sessions | resumed (welcome resumed:true) | refused (resumed:false) | time to resume p50 / p90 / p99 / max | records | lost (sessions with loss) | duplicated | announced gaps | connect failures |
        |---|---|---|---|---|---|---|---|---|---|
        | %s | %,d | %,d | %d | %d / %d / %d / %d ms | %,d | %d (%d) | %d | %d | %d |

        - records out of offset order: %d; stray (another topic or key, before the start, no position): %d
        - the wait for every session to have every record ended %,d ms after the kill (bounded by --drain-max)
        - stages of the killed gateway's clients after the kill, p50 / p90 / max: %s
        - clients per second after the kill, %s
        - refusals and errors: %s
        - %s
        """, sessions, command, Instant.now(), ReportWriter.machine(), subscribed, sessions, connectSeconds,
        (long) rate, payload, victim, affected, resumed, resumedFalse, percentile(50), percentile(90), percentile(99),
        percentile(100), endOffset, lost, sessionsWithLoss, duplicated, gapRecords, connectFailures, reordered, stray,
        completeMillis,
        stages(), perSecondLine(),
        refusalsAndErrors, cpu.line());
    Files.writeString(dir.resolve("report.md"), md);
    return md;
  }
}
