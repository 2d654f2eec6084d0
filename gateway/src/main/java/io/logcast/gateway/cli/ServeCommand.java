package io.logcast.gateway.cli;

import io.logcast.gateway.config.ConfigException;
import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.core.Node;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run a gateway from a YAML config file plus LOGCAST_* environment variables.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, description = "YAML config file (default: $LOGCAST_CONFIG, else none)")
  Path config;

  @Override
  public Integer call() throws Exception {
    Path file = config != null ? config
        : System.getenv("LOGCAST_CONFIG") != null ? Path.of(System.getenv("LOGCAST_CONFIG")) : null;
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(file, System.getenv());
    } catch (ConfigException e) {
      System.err.println("logcast: " + e.getMessage());
      return 2;
    }
    Node node = Running.await(Node.start(cfg, new Node.Options(false)));
    Running.untilShutdown(() -> Running.await(node.stop()));
    return 0;
  }
}
