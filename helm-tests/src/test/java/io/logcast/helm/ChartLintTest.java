package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/**
 * {@code helm lint --strict}: no error and no warning, with the defaults and with every toggle on.
 * (Lint reports a template's {@code fail} only as INFO; the checks made that way are covered by
 * {@link ValuesSchemaTest} through {@code helm template}.)
 */
class ChartLintTest {
  @Test
  void defaultValuesLintClean() {
    LintResult r = HelmChart.lint("{}");
    assertThat(r.isFailed()).as(String.join("\n", r.getMessages())).isFalse();
    assertThat(r.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void everyToggleOnLintsClean() {
    LintResult r = HelmChart.lint(Values.ALL_ON);
    assertThat(r.isFailed()).as(String.join("\n", r.getMessages())).isFalse();
    assertThat(r.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void operatorAdditionsLintClean() {
    LintResult r = HelmChart.lint(Values.OPERATOR_EXTRAS + Values.OPERATOR_LABELS
        + "prometheusRule: {enabled: true, thresholds: {consumerLagRecords: 50000}}\n");
    assertThat(r.isFailed()).as(String.join("\n", r.getMessages())).isFalse();
    assertThat(r.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void lintFailsOnBadValues() {
    // the check above can fail: a values.yaml the schema refuses makes strict lint fail
    LintResult r = HelmChart.lint("replicaCount: -1");
    assertThat(r.isFailed()).isTrue();
    assertThat(String.join("\n", r.getMessages())).contains("replicaCount");
  }
}
