package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile without building it (image-tests builds and runs it with podman): it packages what
 * the gateway build really lays out, its bases are pinned, and it runs the way the chart expects.
 */
class DockerfileTest {
  private static final Path ROOT = HelmChart.DIR.getParent().getParent();

  private static String dockerfile() throws Exception {
    return Files.readString(ROOT.resolve("Dockerfile"));
  }

  @Test
  void copiesWhatTheGatewayBuildLaysOutDependenciesBelowTheGatewaysClasses() throws Exception {
    String pom = Files.readString(ROOT.resolve("gateway/pom.xml"));
    assertThat(pom).contains("<outputDirectory>${project.build.directory}/image/lib</outputDirectory>")
        .contains("<classifier>image</classifier>").contains("<classpathPrefix>lib/</classpathPrefix>")
        .contains("<outputDirectory>${project.build.directory}/image</outputDirectory>");
    String d = dockerfile();
    assertThat(d).contains("mvn -B -ntp -DskipTests -pl gateway -am package")
        .contains("cp -r gateway/target/image/lib /image/lib")
        .contains("cp gateway/target/image/logcast-gateway-*-image.jar /image/logcast.jar")
        .contains("FROM runtime AS prebuilt");
    // both targets: the dependencies' layer below the gateway's
    assertThat(d.indexOf("COPY gateway/target/image/lib /opt/logcast/lib")).isPositive()
        .isLessThan(d.indexOf("COPY gateway/target/image/logcast-gateway-*-image.jar /opt/logcast/logcast.jar"));
    assertThat(d.indexOf("COPY --from=build /image/lib /opt/logcast/lib")).isPositive()
        .isLessThan(d.indexOf("COPY --from=build /image/logcast.jar /opt/logcast/logcast.jar"));
    assertThat(d).contains("\"-jar\", \"/opt/logcast/logcast.jar\"");
    assertThat(pom).contains("<mainClass>io.logcast.gateway.cli.Main</mainClass>");
  }

  @Test
  void theBuildStageHasEveryModulesPom() throws Exception {
    // Maven reads every module the parent lists, even for -pl gateway
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
    String d = dockerfile();
    while (module.find()) {
      assertThat(d).contains("COPY " + module.group(1) + "/pom.xml " + module.group(1) + "/");
    }
  }

  @Test
  void basesAreBuildArgumentsPinnedByDigestAndRunAsTheChartsNonRootUser() throws Exception {
    String d = dockerfile();
    assertThat(d).containsPattern("(?m)^ARG BUILD_IMAGE=\\S+:\\S+@sha256:[0-9a-f]{64}$")
        .containsPattern("(?m)^ARG RUNTIME_IMAGE=\\S+eclipse-temurin:(21|25)\\S*-jre\\S*@sha256:[0-9a-f]{64}$");
    List<String> froms = d.lines().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).containsExactly("FROM ${BUILD_IMAGE} AS build", "FROM ${RUNTIME_IMAGE} AS runtime",
        "FROM runtime AS prebuilt", "FROM runtime AS image");
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

  @Test
  void theLauncherTheImageAndTheChartShipTheSameJvmFlags() throws Exception {
    String chartFlags = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
        .readTree(HelmChart.DIR.resolve("values.yaml").toFile()).path("jvmOptions").asText();
    assertThat(chartFlags).contains("-XX:+UseG1GC").contains("-XX:MaxRAMPercentage=50").contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(dockerfile()).contains("ENV JAVA_TOOL_OPTIONS=\"" + chartFlags + "\"").contains("MALLOC_ARENA_MAX=2");
    assertThat(Files.readString(ROOT.resolve("bin/logcast"))).contains("default_java_opts=\"" + chartFlags + "\"")
        .contains("MALLOC_ARENA_MAX");
    Rendered r = HelmChart.render("{}");
    assertThat(r.gateway().getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
      assertThat(e.getValue()).isEqualTo(chartFlags);
    });
    assertThat(r.gateway().getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("MALLOC_ARENA_MAX");
      assertThat(e.getValue()).isEqualTo("2");
    });
  }
}
