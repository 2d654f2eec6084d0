package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.logcast.gateway.cli.Main;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The `helm test` hook (logcast probe through the public Service) and NOTES.txt. */
class TestHookTest {
  @Test
  void helmTestRunsTheProbeAgainstThePublicService() {
    Rendered r = HelmChart.renderWithHooks(Values.ALL_ON);
    Pod hook = r.testHook();
    assertThat(hook.getMetadata().getAnnotations()).containsEntry(HelmChart.HOOK, "test");
    assertThat(hook.getSpec().getRestartPolicy()).isEqualTo("Never");
    var c = hook.getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(r.gateway().getImage());
    assertThat(c.getArgs()).containsExactly("probe", "--url", "ws://lc-logcast.apps.svc.cluster.local:80/ws",
        "--timeout-seconds", "20");
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    var token = c.getEnv().stream().filter(e -> e.getName().equals("LOGCAST_TOKEN")).findFirst().orElseThrow();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("logcast-probe-token");
  }

  @Test
  void noSelectorOfTheReleasePicksUpTheHookPod() {
    Rendered r = HelmChart.renderWithHooks(Values.ALL_ON);
    Map<String, String> hookLabels = r.testHook().getMetadata().getLabels();
    List<Map<String, String>> selectors = new ArrayList<>();
    r.all(Service.class).forEach(s -> selectors.add(s.getSpec().getSelector()));
    selectors.add(r.deployment().getSpec().getSelector().getMatchLabels());
    selectors.add(r.one(PodDisruptionBudget.class, HelmChart.FULLNAME).getSpec().getSelector().getMatchLabels());
    selectors.add(r.one(NetworkPolicy.class, HelmChart.FULLNAME).getSpec().getPodSelector().getMatchLabels());
    assertThat(selectors).hasSize(6).allSatisfy(sel -> {
      assertThat(sel).isNotEmpty();
      assertThat(hookLabels.entrySet().containsAll(sel.entrySet())).as("selector " + sel).isFalse();
    });
  }

  @Test
  void theHookCommandIsOneTheCliUnderstands() {
    List<String> args = HelmChart.renderWithHooks("server: {wsPath: /live}\nservice: {port: 8080}")
        .testHook().getSpec().getContainers().get(0).getArgs();
    CommandLine.ParseResult parsed = new CommandLine(new Main()).parseArgs(args.toArray(String[]::new));
    assertThat(parsed.hasSubcommand()).isTrue();
    CommandLine.ParseResult probe = parsed.subcommand();
    assertThat(probe.commandSpec().name()).isEqualTo("probe");
    assertThat(probe.<String>matchedOptionValue("--url", null)).isEqualTo("ws://lc-logcast.apps.svc.cluster.local:8080/live");
    assertThat(probe.<Integer>matchedOptionValue("--timeout-seconds", 0)).isEqualTo(20);
  }

  @Test
  void noTestHookWhenTestsAreOff() {
    assertThat(HelmChart.renderWithHooks("tests: {enabled: false}").has(Pod.class)).isFalse();
  }

  @Test
  void notesTellHowToConnect() {
    assertThat(HelmChart.notes(Values.ALL_ON))
        .contains("wss://logcast.example.com/ws")
        .contains("https://logcast.example.com/v1/topics/<topic>/messages")
        .contains("helm test lc -n apps");
    assertThat(HelmChart.notes("{}"))
        .contains("kubectl -n apps port-forward svc/lc-logcast 8080:80")
        .contains("logcast subscribe --url ws://localhost:8080/ws --topic <topic> --token \"$TOKEN\"")
        .contains("kubectl -n apps create secret generic lc-logcast-auth")
        .contains("set tests.tokenSecret.name");
    assertThat(HelmChart.notes(Values.AUTH_NONE)).contains("WARNING: auth.mode is \"none\"").doesNotContain("create secret");
  }
}
