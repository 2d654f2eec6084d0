package io.logcast.gateway.cli;

import io.logcast.gateway.config.ConfigException;
import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.node.Node;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run a gateway from a YAML config file plus LOGCAST_* environment variables.")
final class ServeCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, description = "YAML config file (default: $LOGCAST_CONFIG, else none)")
  Path config;

  @Option(names = "--demo-page", description = "also serve the dev demo page at / (dev clusters)")
  boolean demoPage;

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
    LogFormat.apply(cfg.observability().logFormat());
    Node node = Running.await(Node.start(cfg, new Node.Options(demoPage)));
    // SIGTERM: drain (readiness false, flush positions, 1012 spread over the window), then stop;
    // whatever is left when the grace period ends is cut off so the process exits in time
    long graceMs = cfg.drain().graceMs();
    Running.untilShutdown(() -> Running.await(node.drain().compose(v -> node.stop()), graceMs));
    return 0;
  }
}
