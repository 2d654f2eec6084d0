package io.logcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildLoggingTest {
  @Test
  void theRequestLogIsOnlyAtDebugWhenAsked() {
    assertThat(ChildLogging.logbackXml("WARN", true))
        .contains("<logger name=\"kafka.request.logger\" level=\"DEBUG\"/>")
        .contains("<root level=\"WARN\">");
    assertThat(ChildLogging.logbackXml("WARN", false))
        .contains("<logger name=\"kafka.request.logger\" level=\"WARN\"/>")
        .doesNotContain("DEBUG");
  }
}
