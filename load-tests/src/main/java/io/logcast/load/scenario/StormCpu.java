package io.logcast.load.scenario;

import io.logcast.load.measure.ServerProbe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU a storm cost, from /proc: the surviving gateways' CPU from the kill until every session
 * resumed, less what they used at their rate of the seconds before the kill (steady delivery), per
 * resume; and the generator's own CPU over the same window, since it shares the cores.
 */
record StormCpu(double survivorsBaselinePerSecond, double survivorsSeconds, double windowSeconds,
    double generatorSeconds, int resumes) {

  /** Samples before and after the storm; {@link #before} twice, a few seconds apart, then {@link #after}. */
  static final class Meter {
    private final ServerProbe survivors;
    private final ServerProbe generator = new ServerProbe(List.of(ProcessHandle.current().pid()), true, null);
    private boolean started;
    private boolean killed;
    private double baseCpu;
    private long baseAt;
    private double rate = -1;
    private double cpuAtKill;
    private double generatorAtKill;
    private long killAt;

    Meter(List<Long> survivorPids) {
      this.survivors = new ServerProbe(survivorPids, true, null);
    }

    /** The first call starts the baseline; the second ends it and marks the kill. */
    void before() {
      long now = System.nanoTime();
      double cpu = survivors.cpuSeconds();
      if (!started) {
        started = true;
        baseCpu = cpu;
        baseAt = now;
        return;
      }
      rate = now > baseAt && cpu >= 0 && baseCpu >= 0 ? (cpu - baseCpu) / ((now - baseAt) / 1e9) : -1;
      cpuAtKill = cpu;
      generatorAtKill = generator.cpuSeconds();
      killAt = now;
      killed = true;
    }

    /** At the end of the window; {@code resumes}: the sessions resumed within it. */
    StormCpu after(int resumes) {
      double cpu = survivors.cpuSeconds();
      if (!killed) {
        throw new IllegalStateException("before() must be called twice before after()");
      }
      double window = (System.nanoTime() - killAt) / 1e9;
      boolean known = rate >= 0 && cpu >= 0;
      return new StormCpu(known ? rate : -1, known ? cpu - cpuAtKill : -1, window,
          generator.cpuSeconds() - generatorAtKill, resumes);
    }
  }

  /** Survivor CPU above its pre-kill rate per resume within the window, in ms; -1 if unknown. */
  double millisPerResume() {
    if (survivorsSeconds < 0 || resumes == 0) {
      return -1;
    }
    return (survivorsSeconds - survivorsBaselinePerSecond * windowSeconds) * 1000 / resumes;
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("windowSeconds", windowSeconds);
    m.put("survivorsCpuSeconds", survivorsSeconds);
    m.put("survivorsCpuPerSecondBeforeKill", survivorsBaselinePerSecond);
    m.put("resumesInWindow", resumes);
    m.put("survivorsCpuMillisPerResume", millisPerResume());
    m.put("generatorCpuSeconds", generatorSeconds);
    return m;
  }

  String line() {
    return String.format(Locale.ROOT, "CPU from the kill until every session resumed or --after-kill ended (%.1f s, "
        + "%,d resumes): the surviving gateways %.2f s (%.0f %% of a core before the kill), so **%.2f ms per resume** "
        + "above that; the generator %.2f s", windowSeconds, resumes, survivorsSeconds, survivorsBaselinePerSecond * 100,
        millisPerResume(), generatorSeconds);
  }
}
