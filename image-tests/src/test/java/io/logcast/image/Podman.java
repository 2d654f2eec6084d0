package io.logcast.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** The podman command line, every call bounded in time. */
final class Podman {
  /**
   * podman's system-wide settings where none exist: runc (this kind of sandbox cannot run crun) and
   * explicit ulimits (the defaults ask for more than the sandbox allows). Harmless elsewhere.
   */
  static final Path CONTAINERS_CONF = Path.of("/etc/containers/containers.conf");
  static final String CONF = """
      # written by Logcast's image test (image-tests/.../Podman.java) because none existed
      [containers]
      default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

      [engine]
      runtime = "runc"
      """;

  record Result(int exitCode, String output) {
    Result orThrow(List<String> args) {
      if (exitCode != 0) {
        throw new IllegalStateException("podman " + String.join(" ", args) + " exited " + exitCode + ":\n" + output);
      }
      return this;
    }
  }

  private Podman() {}

  /** Writes {@link #CONF} if podman has no containers.conf yet; an existing one is the operator's. */
  static void configure() {
    if (Files.exists(CONTAINERS_CONF)) {
      return;
    }
    try {
      Files.createDirectories(CONTAINERS_CONF.getParent());
      Files.writeString(CONTAINERS_CONF, CONF);
    } catch (IOException e) {
      // not root: podman's own settings are the user's to make (the test fails later if they do not work)
      LoggerFactory.getLogger(Podman.class).warn("cannot write {}: {}", CONTAINERS_CONF, e.toString());
    }
  }

  /** Runs podman with {@code args}; fails if it does not exit 0 within {@code timeout}. */
  static String run(Duration timeout, String... args) {
    return exec(timeout, List.of(args)).orThrow(List.of(args)).output().strip();
  }

  /** Runs podman; its exit code is the caller's to judge. */
  static Result exec(Duration timeout, List<String> args) {
    return command(timeout, prepend("podman", args));
  }

  static Result command(Duration timeout, List<String> cmd) {
    Path out = null;
    try {
      out = Files.createTempFile("logcast-podman", ".out");
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish within " + timeout
            + ":\n" + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd.get(0) + " (bin/test installs podman and mmdebstrap)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + cmd, e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left behind
        }
      }
    }
  }

  static boolean imageExists(String image) {
    return exec(Duration.ofSeconds(30), List.of("image", "exists", image)).exitCode() == 0;
  }

  /** Removes these containers, by name, if they exist (a crashed run's too), without waiting for them. */
  static void removeContainers(List<String> names) {
    if (!names.isEmpty()) {
      List<String> args = new ArrayList<>(List.of("rm", "--force", "--ignore", "--time", "0"));
      args.addAll(names);
      exec(Duration.ofSeconds(60), args);
    }
  }

  static String logs(String container) {
    return exec(Duration.ofSeconds(30), List.of("logs", "--tail", "60", container)).output();
  }

  private static List<String> prepend(String first, List<String> rest) {
    List<String> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
