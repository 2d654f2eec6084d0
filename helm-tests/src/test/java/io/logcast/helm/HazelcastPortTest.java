package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Port 5701 has no authentication: by default only the release's own pods reach it, on the pod IP only. */
class HazelcastPortTest {
  private static final Rendered DEFAULTS = HelmChart.render("{}");

  private static NetworkPolicyIngressRule rule(NetworkPolicy np, String port) {
    return np.getSpec().getIngress().stream()
        .filter(r -> r.getPorts().stream().anyMatch(p -> port.equals(p.getPort().getStrVal())))
        .findFirst().orElseThrow(() -> new AssertionError("no rule for port " + port));
  }

  @Test
  void theDefaultPolicyAdmitsHazelcastOnlyFromTheReleasesPods() {
    NetworkPolicy np = DEFAULTS.one(NetworkPolicy.class, HelmChart.FULLNAME);
    Map<String, String> podLabels = DEFAULTS.deployment().getSpec().getTemplate().getMetadata().getLabels();
    Map<String, String> selector = np.getSpec().getPodSelector().getMatchLabels();
    assertThat(selector).isNotEmpty().containsEntry("app.kubernetes.io/instance", "lc");
    assertThat(podLabels).containsAllEntriesOf(selector);
    assertThat(np.getSpec().getPolicyTypes()).containsExactly("Ingress");

    var hz = rule(np, "hazelcast");
    assertThat(hz.getPorts()).hasSize(1);
    assertThat(hz.getFrom()).hasSize(1);
    assertThat(hz.getFrom().get(0).getPodSelector().getMatchLabels()).isEqualTo(selector);
    // no namespace selector: the release's namespace only
    assertThat(hz.getFrom().get(0).getNamespaceSelector()).isNull();
    assertThat(hz.getFrom().get(0).getIpBlock()).isNull();
  }

  @Test
  void theDefaultPolicyLeavesThePublicAndManagementPortsOpen() {
    NetworkPolicy np = DEFAULTS.one(NetworkPolicy.class, HelmChart.FULLNAME);
    assertThat(np.getSpec().getIngress()).hasSize(3);
    assertThat(rule(np, "http").getFrom()).isNullOrEmpty();
    assertThat(rule(np, "management").getFrom()).isNullOrEmpty();
  }

  @Test
  void thePolicyCanBeTurnedOff() {
    assertThat(HelmChart.render("networkPolicy: {enabled: false}").has(NetworkPolicy.class)).isFalse();
  }

  @Test
  void hazelcastBindsThePodIp() {
    EnvVar bind = DEFAULTS.gateway().getEnv().stream()
        .filter(e -> e.getName().equals("LOGCAST_HAZELCAST_BIND_ADDRESS")).findFirst().orElseThrow();
    assertThat(bind.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
  }
}
