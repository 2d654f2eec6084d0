package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.logcast.gateway.config.AuthConfig;
import io.logcast.gateway.config.ConfigException;
import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's logcast.yaml and the pod's LOGCAST_* variables, given to the gateway's own config
 * loader as the container would see them: Secrets resolved, the JWT key files where they are mounted.
 */
class RenderedConfigTest {
  private static final String POD_IP = "10.1.2.3";
  private static final String POD_NAME = "lc-logcast-7d9f8b6c5-x2x9q";
  /** The Secrets the test values name, as an operator would have created them. */
  private static final Map<String, String> SECRETS = Map.of(
      "lc-logcast-auth/hs256-secret", "an-hs256-secret-of-more-than-32-bytes!!",
      "logcast-admin/admin-key", "an-admin-key-of-more-than-32-bytes-long!",
      "kafka-credentials/sasl.jaas.config",
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"logcast\" password=\"pw\";",
      "kafka-ca/ca.crt", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
      "kafka-client-cert/tls.crt", "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n",
      "kafka-client-cert/tls.key", "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");

  @TempDir
  Path dir;

  @Test
  void defaultConfigLoadsAsAClusteredJwtGateway() throws Exception {
    GatewayConfig cfg = load(HelmChart.render("{}"));
    assertThat(cfg.nodeId()).isEqualTo(POD_NAME);
    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(cfg.topicsAllow()).containsExactly("public.*");
    assertThat(cfg.auth().mode()).isEqualTo(AuthConfig.Mode.JWT);
    assertThat(cfg.auth().alg()).isEqualTo(AuthConfig.Alg.HS256);
    assertThat(cfg.auth().hs256Secret().matches(SECRETS.get("lc-logcast-auth/hs256-secret"))).isTrue();
    assertThat(cfg.server().port()).isEqualTo(8080);
    assertThat(cfg.server().managementPort()).isEqualTo(9090);
    assertThat(cfg.session().store()).isEqualTo(SessionConfig.Store.HAZELCAST);
    assertThat(cfg.session().ttlSeconds()).isEqualTo(300);
    assertThat(cfg.session().hazelcast().kubernetesServiceDns()).isEqualTo("lc-logcast-hazelcast.apps.svc.cluster.local");
    assertThat(cfg.session().hazelcast().port()).isEqualTo(5701);
    assertThat(cfg.session().hazelcast().bindAddress()).isEqualTo(POD_IP);
    assertThat(cfg.drain().graceMs()).isEqualTo(30_000);
  }

  @Test
  void aMemberListAndPortReplaceDnsDiscoveryAndEveryPortFollows() throws Exception {
    String values = "hazelcast: {port: 5801, members: [\"10.0.0.1:5801\", \"10.0.0.2:5801\"]}\n";
    Rendered rendered = HelmChart.render(values);
    GatewayConfig cfg = load(rendered);
    assertThat(cfg.session().hazelcast().members()).containsExactly("10.0.0.1:5801", "10.0.0.2:5801");
    assertThat(cfg.session().hazelcast().kubernetesServiceDns()).isNull();
    assertThat(cfg.session().hazelcast().port()).isEqualTo(5801);
    assertThat(rendered.gateway().getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(5801));
    assertThat(rendered.gateway().getPorts()).noneSatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(5701));
    assertThat(HelmChart.renderError("hazelcast: {members: [\"no-port\"]}\n")).contains("members");
  }

  @Test
  void everyToggleOnLoads() throws Exception {
    GatewayConfig cfg = load(HelmChart.render(Values.ALL_ON));
    assertThat(cfg.auth().adminKey().matches(SECRETS.get("logcast-admin/admin-key"))).isTrue();
    assertThat(cfg.limits().maxKeyLength()).as("from extraEnv").isEqualTo(512);
  }

  @Test
  void kafkaSecurityComesFromSecrets() throws Exception {
    GatewayConfig cfg = load(HelmChart.render(Values.KAFKA_SASL_SSL));
    assertThat(cfg.kafka().bootstrapServers()).isEqualTo("b-1.kafka.example.com:9096,b-2.kafka.example.com:9096");
    assertThat(cfg.kafka().common())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", SECRETS.get("kafka-credentials/sasl.jaas.config"))
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", SECRETS.get("kafka-ca/ca.crt"))
        .containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.keystore.certificate.chain", SECRETS.get("kafka-client-cert/tls.crt"))
        .containsEntry("ssl.keystore.key", SECRETS.get("kafka-client-cert/tls.key"))
        .containsEntry("ssl.endpoint.identification.algorithm", "https")
        .containsEntry("client.dns.lookup", "use_all_dns_ips");
    // no secret in the ConfigMap
    assertThat(HelmChart.render(Values.KAFKA_SASL_SSL).gatewayConfig()).doesNotContain("password").doesNotContain("BEGIN");
  }

  @Test
  void rs256KeysAreReadFromTheMountedSecret() throws Exception {
    GatewayConfig cfg = load(HelmChart.render(Values.JWT_RS256));
    assertThat(cfg.auth().alg()).isEqualTo(AuthConfig.Alg.RS256);
    assertThat(cfg.auth().publicKeys()).hasSize(2);
    assertThat(cfg.auth().hs256Secret()).isNull();
    assertThat(cfg.auth().issuer()).isEqualTo("https://login.example.com/");
    assertThat(cfg.auth().origins()).containsExactly("https://app.example.com");
    assertThat(cfg.auth().allowMissingOrigin()).isFalse();
    assertThat(cfg.topicsAllow()).containsExactly("orders", "chat.*");
    assertThat(cfg.limits().heartbeatMs()).isEqualTo(20_000);
    assertThat(cfg.limits().maxConnections()).isEqualTo(20_000);
    assertThat(cfg.limits().maxMessageBytes()).isEqualTo(131_072);
    assertThat(cfg.session().ttlSeconds()).isEqualTo(900);
    assertThat(cfg.replay().readers()).isEqualTo(4);
  }

  @Test
  void authNoneLoadsWithoutSecrets() throws Exception {
    Rendered r = HelmChart.render(Values.AUTH_NONE);
    assertThat(r.gateway().getEnv()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
    assertThat(load(r).auth().mode()).isEqualTo(AuthConfig.Mode.NONE);
  }

  @Test
  void theLoaderWouldCatchABadRenderedConfig() throws Exception {
    // extraConfig is passed through unchecked by the chart's schema: the gateway's validation is the net
    Rendered r = HelmChart.render("extraConfig: {replay: {readers: 0}, surprise: 1}");
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> load(r));
    assertThat(e.problems()).contains("surprise: unknown key").anyMatch(p -> p.startsWith("replay.readers"));
  }

  /** Loads the rendered config file with the container's environment, the way `serve --config` does. */
  private GatewayConfig load(Rendered r) throws Exception {
    String yaml = r.gatewayConfig();
    yaml = materializeJwtKeys(r, yaml);
    Path file = Files.writeString(dir.resolve("logcast.yaml"), yaml);
    return ConfigLoader.load(file, env(r.gateway().getEnv()));
  }

  private static Map<String, String> env(List<EnvVar> vars) {
    Map<String, String> env = new HashMap<>();
    for (EnvVar v : vars) {
      if (v.getValue() != null) {
        env.put(v.getName(), v.getValue());
      } else if (v.getValueFrom().getFieldRef() != null) {
        String field = v.getValueFrom().getFieldRef().getFieldPath();
        assertThat(field).isIn("metadata.name", "status.podIP");
        env.put(v.getName(), field.equals("status.podIP") ? POD_IP : POD_NAME);
      } else {
        var ref = v.getValueFrom().getSecretKeyRef();
        String value = SECRETS.get(ref.getName() + "/" + ref.getKey());
        assertThat(value).as("the test has no Secret " + ref.getName() + " key " + ref.getKey()).isNotNull();
        env.put(v.getName(), value);
      }
    }
    return env;
  }

  /**
   * Each auth.publicKeysPem path must be a file of the mounted auth Secret: write a fresh RSA public
   * key there (under the temp dir) and point the config at it.
   */
  private String materializeJwtKeys(Rendered r, String yaml) throws Exception {
    var pod = r.deployment().getSpec().getTemplate().getSpec();
    VolumeMount mount = r.gateway().getVolumeMounts().stream().filter(m -> m.getName().equals("jwt-keys")).findFirst().orElse(null);
    if (mount == null) {
      assertThat(yaml).doesNotContain("publicKeysPem");
      return yaml;
    }
    Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals("jwt-keys")).findFirst().orElseThrow();
    Path root = Files.createDirectories(dir.resolve("jwt"));
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    for (var item : volume.getSecret().getItems()) {
      String pem = "-----BEGIN PUBLIC KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(gen.generateKeyPair().getPublic().getEncoded())
          + "\n-----END PUBLIC KEY-----\n";
      Files.writeString(root.resolve(item.getPath()), pem);
    }
    String mounted = mount.getMountPath() + "/";
    assertThat(yaml).contains(mounted);
    return yaml.replace(mounted, root + "/");
  }
}
