package io.logcast.load.target;

import io.logcast.load.peers.RawVertxBroadcaster;
import io.logcast.load.publish.HttpPublisher;
import io.logcast.load.publish.NatsPublisher;
import io.vertx.core.Vertx;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The peers, each started here from what load-tests/peers/install.sh installed (Debian nats-server
 * and libnginx-mod-nchan, socket.io from npm) or from this classpath (the raw Vert.x broadcaster),
 * each publishing through its own natural path. Ports: {@code base} .. {@code base + 1}.
 */
public final class Peers {
  /** Event loops / worker processes for every server here: the machine's cores. */
  static final int WORKERS = Runtime.getRuntime().availableProcessors();

  private Peers() {
  }

  /**
   * Starts peer {@code name} on ports from {@code base}. {@code heartbeatSeconds} &gt; 0 sets its
   * server → client keepalive (NATS {@code ping_interval}, Nchan {@code nchan_websocket_ping_interval},
   * Socket.IO {@code pingInterval}, raw Vert.x pings); 0 keeps each peer's own default.
   */
  public static Target start(String name, int base, Path workDir, Path repoRoot, int heartbeatSeconds)
      throws IOException {
    Files.createDirectories(workDir);
    Path log = workDir.resolve(name + ".log");
    return switch (name) {
      case "vertx-raw" -> PeerTarget.launch(name, "HTTP POST /publish/{topic} → one text frame to each subscriber",
          List.of(javaBinary(), "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-cp", classPath(),
              RawVertxBroadcaster.class.getName(), Integer.toString(base), Integer.toString(WORKERS),
              Integer.toString(heartbeatSeconds)),
          workDir, log, base, true, PeerProtocols.rawVertx(base), http("http://127.0.0.1:" + base + "/publish/"));
      case "nats" -> {
        Path conf = workDir.resolve("nats.conf");
        Files.writeString(conf, "listen: \"127.0.0.1:" + base + "\"\nmax_payload: 1048576\n" + natsPing(heartbeatSeconds)
            + "websocket {\n  host: \"127.0.0.1\"\n  port: " + (base + 1) + "\n  no_tls: true\n}\n");
        yield PeerTarget.launch(name, "NATS client PUB on the core port → subscribers over WebSocket",
            List.of("nats-server", "-c", conf.toString()), workDir, log, base + 1, false,
            PeerProtocols.nats(base + 1), nats(base));
      }
      case "nats-js" -> {
        Path conf = workDir.resolve("nats-js.conf");
        Files.writeString(conf, JetStream.config(base, workDir.resolve("jetstream").toString(), heartbeatSeconds));
        yield PeerTarget.launch(name, "NATS PUB on the core port into a file-backed JetStream stream → one push "
                + "consumer per WebSocket subscriber", List.of("nats-server", "-c", conf.toString()), workDir, log,
            base + 1, false, JetStream.protocol(base + 1), nats(base)).preparing(topic -> JetStream.createStream(base, topic));
      }
      case "nchan" -> {
        Path conf = workDir.resolve("nginx-nchan.conf");
        Files.createDirectories(workDir.resolve("logs"));
        Files.writeString(conf, nchanConf(base, workDir, heartbeatSeconds));
        yield PeerTarget.launch(name, "HTTP POST /pub/{channel} (nchan_publisher) → WebSocket subscribers",
            List.of("/usr/sbin/nginx", "-p", workDir.toString(), "-c", conf.toString()), workDir, log, base, false,
            PeerProtocols.nchan(base), http("http://127.0.0.1:" + base + "/pub/"));
      }
      case "socketio" -> PeerTarget.launch(name, "HTTP POST /publish/{room} → io.to(room).emit (Socket.IO 4, Node.js)",
          socketIoCommand(repoRoot, base, heartbeatSeconds), workDir, log, base, false, PeerProtocols.socketIo(base),
          http("http://127.0.0.1:" + base + "/publish/"));
      default -> throw new IllegalArgumentException("unknown target " + name
          + "; known: logcast, vertx-raw, nats, nats-js, nchan, socketio");
    };
  }

  /** The subscribe side of a peer on {@code base} without starting it: for generator processes of their own. */
  public static Protocol protocol(String name, int base) {
    return switch (name) {
      case "vertx-raw" -> PeerProtocols.rawVertx(base);
      case "nats" -> PeerProtocols.nats(base + 1);
      case "nats-js" -> JetStream.protocol(base + 1);
      case "nchan" -> PeerProtocols.nchan(base);
      case "socketio" -> PeerProtocols.socketIo(base);
      default -> throw new IllegalArgumentException("unknown peer " + name);
    };
  }

  /** A NATS client on the core port: PUB to the message's subject (a key's, in a keyed run). */
  private static java.util.function.Function<List<String>, io.logcast.load.publish.Publisher> nats(int port) {
    return subjects -> {
      try {
        return new NatsPublisher(port, subjects);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  private static java.util.function.Function<List<String>, io.logcast.load.publish.Publisher> http(String prefix) {
    Vertx vertx = Vertx.vertx();
    return channels -> new HttpPublisher(vertx, channels.stream().map(c -> prefix + c).toList(), false);
  }

  /** Without a heartbeat, Socket.IO's own ping interval applies. */
  private static List<String> socketIoCommand(Path repoRoot, int base, int heartbeatSeconds) {
    List<String> cmd = new java.util.ArrayList<>(List.of("node",
        repoRoot.resolve("load-tests/peers/socketio/server.js").toString(), Integer.toString(base)));
    if (heartbeatSeconds > 0) {
      cmd.add(Long.toString(heartbeatSeconds * 1000L));
    }
    return cmd;
  }

  /** NATS's own default is 2 minutes. */
  static String natsPing(int heartbeatSeconds) {
    return heartbeatSeconds > 0 ? "ping_interval: \"" + heartbeatSeconds + "s\"\n" : "";
  }

  /** Nchan sends no pings unless told to. */
  static String nchanConf(int port, Path dir, int heartbeatSeconds) {
    String ping = heartbeatSeconds > 0 ? " nchan_websocket_ping_interval " + heartbeatSeconds + ";" : "";
    return "load_module /usr/lib/nginx/modules/ngx_nchan_module.so;\n"
        + "daemon off;\nmaster_process on;\nworker_processes " + WORKERS + ";\nworker_rlimit_nofile 20000;\n"
        + "pid " + dir.resolve("nginx.pid") + ";\nerror_log " + dir.resolve("logs/error.log") + " warn;\n"
        + "events { worker_connections 19000; }\n"
        + "http {\n  access_log off;\n"
        + "  client_body_temp_path " + dir.resolve("logs") + ";\n"
        + "  server {\n    listen 127.0.0.1:" + port + ";\n"
        + "    location ~ ^/sub/([\\w-]+)$ { nchan_subscriber websocket; nchan_channel_id $1;" + ping + " }\n"
        + "    location ~ ^/pub/([\\w-]+)$ { nchan_publisher; nchan_channel_id $1; nchan_message_buffer_length 10; }\n"
        + "  }\n}\n";
  }

  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString()).collect(Collectors.joining(File.pathSeparator));
  }
}
