package io.logcast.gateway.cli;

import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logcast config init|check|print}: write, validate and show a gateway configuration. */
@Command(name = "config", description = "Write a starter config, check a config, print the effective settings.")
final class ConfigCommand {
  static final String STARTER = "/config/starter.yaml";

  @Command(name = "init", description = "Write a commented starter config (refuses to overwrite without --force).")
  int init(@Parameters(paramLabel = "FILE", defaultValue = "logcast.yaml", description = "(default: ${DEFAULT-VALUE})")
      Path file, @Option(names = "--force", description = "overwrite an existing file") boolean force) throws IOException {
    byte[] text;
    try (InputStream in = ConfigCommand.class.getResourceAsStream(STARTER)) {
      text = in.readAllBytes();
    }
    try {
      Files.write(file, text, force ? new StandardOpenOption[] {StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE} : new StandardOpenOption[] {
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE});
    } catch (FileAlreadyExistsException e) {
      throw new UserError(file + " already exists (--force overwrites it)");
    }
    System.out.println("wrote " + file + "; check it with `logcast config check -c " + file + "`");
    return 0;
  }

  @Command(name = "check", description = "Validate a config file plus the LOGCAST_* environment; list every problem. "
      + "Exit 0 when valid, 2 otherwise.")
  int check(@Option(names = {"-c", "--config"}, description = "YAML config (default: $LOGCAST_CONFIG, else none)")
      Path file) {
    GatewayConfig cfg = ConfigLoader.load(resolve(file), System.getenv());
    System.out.println("configuration OK" + (resolve(file) == null ? " (environment only)" : ": " + resolve(file))
        + " — node " + cfg.nodeId() + ", Kafka " + cfg.kafka().bootstrapServers() + ", auth " + name(cfg.auth().mode())
        + ", sessions " + name(cfg.session().store()) + ", topics " + String.join(",", cfg.topicsAllow()));
    return 0;
  }

  @Command(name = "print", description = "Print every setting as the gateway would use it (file, environment, "
      + "defaults), secrets masked, as YAML that `serve -c` accepts.")
  int print(@Option(names = {"-c", "--config"}, description = "YAML config (default: $LOGCAST_CONFIG, else none)")
      Path file) {
    Map<String, String> effective = new TreeMap<>();
    ConfigLoader.load(resolve(file), System.getenv(), effective);
    System.out.println("# effective Logcast configuration" + (resolve(file) == null ? "" : " of " + resolve(file))
        + " plus environment; secrets shown as ****");
    effective.forEach((k, v) -> System.out.println(k + ": " + yaml(v)));
    return 0;
  }

  private static Path resolve(Path file) {
    String env = System.getenv("LOGCAST_CONFIG");
    return file != null ? file : env == null || env.isBlank() ? null : Path.of(env);
  }

  /** Numbers and booleans as they are; anything else as a JSON string, which YAML reads as the same text. */
  private static String yaml(String v) {
    if (v.matches("-?\\d+") || v.equals("true") || v.equals("false")) {
      return v;
    }
    return new JsonObject().put("v", v).encode().replaceFirst("^\\{\"v\":", "").replaceFirst("}$", "");
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }
}
