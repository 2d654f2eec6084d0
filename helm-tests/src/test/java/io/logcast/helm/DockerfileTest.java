package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile cannot be built here (no container engine), so what can be checked without one is:
 * it packages what the gateway build really produces, and runs it the way the chart expects.
 */
class DockerfileTest {
  private static final Path ROOT = HelmChart.DIR.getParent().getParent();

  private static String dockerfile() throws Exception {
    return Files.readString(ROOT.resolve("Dockerfile"));
  }

  @Test
  void copiesTheJarTheGatewayBuildProduces() throws Exception {
    String pom = Files.readString(ROOT.resolve("gateway/pom.xml"));
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertThat(finalName.find()).isTrue();
    String jar = "gateway/target/" + finalName.group(1) + ".jar";

    String d = dockerfile();
    assertThat(d).contains("mvn -B -ntp -DskipTests -pl gateway -am package");
    Matcher copy = Pattern.compile("COPY --from=build /src/(\\S+) (\\S+)").matcher(d);
    assertThat(copy.find()).isTrue();
    assertThat(copy.group(1)).isEqualTo(jar);
    assertThat(d).contains("\"-jar\", \"" + copy.group(2) + "\"");
    // the shade plugin names the main class in that jar's manifest
    assertThat(pom).contains("<mainClass>io.logcast.gateway.cli.Main</mainClass>");
  }

  @Test
  void runsAJre21OrNewerAsTheChartsNonRootUser() throws Exception {
    String d = dockerfile();
    List<String> froms = d.lines().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).hasSize(2);
    assertThat(froms.get(1)).matches("FROM eclipse-temurin:(21|25)-jre");
    Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(d);
    assertThat(user.find()).as("a numeric USER").isTrue();
    var pod = HelmChart.render("{}").deployment().getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(Long.parseLong(user.group(1))).isEqualTo(pod.getRunAsUser());
    assertThat(Long.parseLong(user.group(2))).isEqualTo(pod.getRunAsGroup());
  }

  @Test
  void theChartsArgumentsFollowTheEntrypoint() throws Exception {
    String d = dockerfile();
    assertThat(d).contains("ENTRYPOINT [\"java\"");
    assertThat(d).contains("CMD [\"serve\", \"--config\", \"/etc/logcast/logcast.yaml\"]");
    Rendered r = HelmChart.render("{}");
    assertThat(r.gateway().getCommand()).isEmpty();
    assertThat(r.gateway().getArgs()).containsExactly("serve", "--config", "/etc/logcast/logcast.yaml");
    assertThat(r.gateway().getImage()).isEqualTo("logcast/gateway:0.1.0");
  }
}
