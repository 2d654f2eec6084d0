package io.logcast.load.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StormCpuTest {
  @Test
  void aResumeCostsTheSurvivorsCpuAboveTheirSteadyRateDividedByTheResumes() {
    // 10 s window, 0.2 core steady: 2 s of the 16 s were steady work, 14 s the 10,000 resumes
    StormCpu cpu = new StormCpu(0.2, 16.0, 10.0, 12.0, 10_000);
    assertThat(cpu.millisPerResume()).isCloseTo(1.4, within(1e-9));
    assertThat(cpu.line()).contains("**1.40 ms per resume**");
  }

  @Test
  void aMeterOfProcessesThatCannotBeReadReportsUnknownNotAWindowSinceTheEpoch() {
    StormCpu.Meter meter = new StormCpu.Meter(java.util.List.of(Long.MAX_VALUE)); // no such process
    meter.before();
    meter.before();
    StormCpu cpu = meter.after(100);
    assertThat(cpu.millisPerResume()).isEqualTo(-1);
    assertThat(cpu.windowSeconds()).isLessThan(60);
  }

  @Test
  void aMeterMeasuresOnlyAfterItsBaseline() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new StormCpu.Meter(java.util.List.of()).after(1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void unknownWhenTheProcessesCouldNotBeReadOrNothingResumed() {
    assertThat(new StormCpu(-1, -1, 10.0, 1.0, 100).millisPerResume()).isEqualTo(-1);
    assertThat(new StormCpu(0.2, 16.0, 10.0, 1.0, 0).millisPerResume()).isEqualTo(-1);
  }
}
