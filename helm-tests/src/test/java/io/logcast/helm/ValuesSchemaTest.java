package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** values.schema.json and the templates' own checks refuse bad values, saying which and why. */
class ValuesSchemaTest {
  private static String refused(String values) {
    String error = HelmChart.renderError(values);
    assertThat(error).as("rendering should have failed for:\n" + values).isNotNull();
    return error;
  }

  @Test
  void goodValuesRender() {
    assertThat(HelmChart.renderError("replicaCount: 1")).isNull();
  }

  @Test
  void negativeReplicasAreRefused() {
    assertThat(refused("replicaCount: -1")).contains("values don't meet the specifications of the schema")
        .contains("/replicaCount").contains("minimum");
  }

  @Test
  void missingKafkaServersAreRefused() {
    assertThat(refused("kafka: {bootstrapServers: \"\"}")).contains("/kafka/bootstrapServers");
    assertThat(refused("kafka: {bootstrapServers: null}")).contains("bootstrapServers");
    assertThat(refused("kafka: {bootstrapServers: \"kafka\"}")).as("no port").contains("/kafka/bootstrapServers");
  }

  @Test
  void anEmptyTopicAllowListIsRefused() {
    assertThat(refused("topics: {allow: []}")).contains("/topics/allow");
    assertThat(refused("topics: {allow: [\"orders!\"]}")).contains("/topics/allow/0");
  }

  @Test
  void limitsOutsideTheGatewaysRangesAreRefused() {
    assertThat(refused("limits: {maxMessageBytes: 100}")).contains("/limits/maxMessageBytes");
    assertThat(refused("limits: {heartbeatMs: \"25s\"}")).contains("/limits/heartbeatMs");
    assertThat(refused("limits: {maxMesageBytes: 1024}")).as("a typo").contains("maxMesageBytes");
  }

  @Test
  void typosInValuesAreRefused() {
    assertThat(refused("replicas: 3")).contains("replicas");
    assertThat(refused("ingress: {enable: true}")).contains("enable");
  }

  @Test
  void authMustBeCompleteForItsMode() {
    assertThat(refused("auth: {mode: basic}")).contains("/auth/mode");
    assertThat(refused("auth: {mode: jwt, alg: RS256}")).as("RS256 without keys").contains("/auth");
    assertThat(refused("auth: {mode: jwt, alg: RS256, jwksUrl: \"https://id.example.com/jwks\", publicKeyKeys: [k.pem]}"))
        .as("both key sources").contains("/auth");
    assertThat(refused("auth: {mode: jwt, allowMissingOrigin: false}")).as("no origin and no missing-origin").contains("/auth");
    assertThat(refused("auth: {jwksUrl: \"http://id.example.com/jwks\", alg: RS256}")).contains("/auth/jwksUrl");
    assertThat(HelmChart.renderError("auth: {mode: jwt, alg: ES256, publicKeyKeys: [k.pem]}")).isNull();
  }

  @Test
  void aGracePeriodShorterThanTheDrainIsRefused() {
    assertThat(refused("terminationGracePeriodSeconds: 30"))
        .contains("terminationGracePeriodSeconds (30) must be more than preStopSleepSeconds (5) + drain.graceMs (30 s)");
    assertThat(refused("drain: {windowMs: 30000, graceMs: 20000}")).contains("drain.windowMs (30000) must be less than drain.graceMs (20000)");
  }

  @Test
  void anIngressTimeoutBelowTheHeartbeatIsRefused() {
    assertThat(refused("ingress: {enabled: true, timeoutSeconds: 20}"))
        .contains("ingress.timeoutSeconds (20) must be longer than the heartbeat (limits.heartbeatMs 25000)");
    assertThat(HelmChart.renderError("ingress: {enabled: true, timeoutSeconds: 20}\nlimits: {heartbeatMs: 10000}")).isNull();
  }
}
