package io.logcast.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway image, built from the repository's Dockerfile with podman: the jars the reactor just
 * built (gateway/target/image, the {@code prebuilt} target) on a JRE base made here from Debian packages,
 * since these machines reach no public image registry.
 */
final class GatewayImage {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayImage.class);
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String TAG = "localhost/logcast/gateway:image-test";
  /** A JRE base from Debian packages; -Dlogcast.image.runtimeBase names another (e.g. the Dockerfile's default). */
  static final String LOCAL_BASE = "localhost/jre-base:17";
  /** The packages of the local base: the JRE (and what it depends on), no docs. */
  private static final List<String> MMDEBSTRAP = List.of("mmdebstrap", "--variant=essential",
      "--include=openjdk-17-jre-headless", "--dpkgopt=path-exclude=/usr/share/doc/*",
      "--dpkgopt=path-exclude=/usr/share/locale/*", "bookworm");

  private GatewayImage() {}

  /** Builds {@link #TAG} (and the local base if it is missing); returns the image's size in bytes. */
  static long build() {
    String base = System.getProperty("logcast.image.runtimeBase", LOCAL_BASE);
    if (base.equals(LOCAL_BASE) && !Podman.imageExists(LOCAL_BASE)) {
      buildLocalBase();
    }
    if (!Files.isDirectory(ROOT.resolve("gateway/target/image/lib"))) {
      throw new IllegalStateException("gateway/target/image is missing: build the gateway first (mvn package)");
    }
    String previous = Podman.imageExists(TAG) ? imageId() : null;
    long t0 = System.nanoTime();
    Podman.run(Duration.ofMinutes(5), "build", "--network", "host", "--target", "prebuilt",
        "--build-arg", "RUNTIME_IMAGE=" + base, "--tag", TAG, "--file", ROOT.resolve("Dockerfile").toString(),
        ROOT.toString());
    long size = Long.parseLong(Podman.run(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}", TAG));
    LOG.info("built {} on {} in {} ms: {} bytes", TAG, base, (System.nanoTime() - t0) / 1_000_000, size);
    if (previous != null && !previous.equals(imageId())) {
      // the last run's image, untagged now: one per machine, not one per run (its layers stay cached)
      Podman.exec(Duration.ofSeconds(60), List.of("rmi", previous));
    }
    return size;
  }

  private static String imageId() {
    return Podman.run(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Id}}", TAG);
  }

  /** mmdebstrap (a Debian root filesystem with the JRE) imported as an image: ~1 min, once per machine. */
  private static void buildLocalBase() {
    Path tar = null;
    try {
      tar = Files.createTempFile("logcast-jre-base", ".tar");
      long t0 = System.nanoTime();
      List<String> cmd = new java.util.ArrayList<>(MMDEBSTRAP);
      cmd.add(tar.toString());
      Podman.Result r = Podman.command(Duration.ofMinutes(10), cmd);
      if (r.exitCode() != 0) {
        throw new IllegalStateException("mmdebstrap failed (bin/test installs it):\n" + r.output());
      }
      Podman.run(Duration.ofMinutes(5), "import", tar.toString(), LOCAL_BASE);
      LOG.info("built the local base {} in {} ms", LOCAL_BASE, (System.nanoTime() - t0) / 1_000_000);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (tar != null) {
        try {
          Files.deleteIfExists(tar);
        } catch (IOException ignored) {
          // a temp file left behind
        }
      }
    }
  }
}
