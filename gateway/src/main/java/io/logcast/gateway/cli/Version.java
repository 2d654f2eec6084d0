package io.logcast.gateway.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** {@code logcast --version}: the release and the commit the jar was built from. */
final class Version implements CommandLine.IVersionProvider {
  /** Written at build time by {@code git describe --always --dirty} (see gateway/pom.xml). */
  static final String COMMIT_RESOURCE = "/logcast-commit.txt";

  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"logcast " + (v == null ? "dev" : v) + " (commit " + commit() + ")",
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }

  static String commit() {
    try (InputStream in = Version.class.getResourceAsStream(COMMIT_RESOURCE)) {
      String c = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return c.isEmpty() ? "unknown" : c;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
