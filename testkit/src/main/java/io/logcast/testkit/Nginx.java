package io.logcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The load balancer of the multi-instance tests and dev cluster: Debian's nginx, started in the
 * foreground with a generated config that proxies HTTP and WebSocket upgrades round-robin to the
 * gateways (no stickiness: any instance can resume any session).
 */
public final class Nginx implements AutoCloseable {
  private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/nginx"), Path.of("/usr/bin/nginx"));
  private final Process process;
  private final int port;
  private final Path binary;
  private final Path workDir;

  private Nginx(Process process, int port, Path binary, Path workDir) {
    this.process = process;
    this.port = port;
    this.binary = binary;
    this.workDir = workDir;
  }

  public static boolean installed() {
    return BINARIES.stream().anyMatch(Files::isExecutable);
  }

  public static Nginx start(int port, List<Integer> upstreamPorts, Path workDir) {
    Path binary = BINARIES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
        new IllegalStateException("nginx is not installed (Debian: apt-get install nginx); bin/test installs it"));
    try {
      Files.createDirectories(workDir.resolve("tmp"));
      Path conf = workDir.resolve("nginx.conf");
      Files.writeString(conf, config(port, upstreamPorts, workDir));
      Process p = new ProcessBuilder(binary.toString(), "-p", workDir.toString(), "-c", conf.toString(),
          "-g", "daemon off;")
          .redirectErrorStream(true).redirectOutput(Redirect.appendTo(workDir.resolve("nginx.out").toFile())).start();
      Nginx nginx = new Nginx(p, port, binary, workDir);
      Poll.until(System.nanoTime() + Duration.ofSeconds(10).toNanos(), () -> !p.isAlive() || nginx.accepting(),
          () -> new IllegalStateException("nginx did not listen on " + port + "; see " + workDir));
      if (!p.isAlive()) {
        throw new IllegalStateException("nginx exited; see " + workDir.resolve("nginx.out") + " and error.log");
      }
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The config: WebSocket upgrade headers, no buffering, read timeouts far above the heartbeat.
   * max_fails=0: never mark a gateway down; a refused connect or a draining 503 just moves the
   * request to the next one. Marking down during drains and restarts left nginx refusing
   * everyone ("no live upstreams") while reconnecting clients kept it busy. Two workers sharing
   * the port (reuseport), each within the 20,000 open files a process may have here: a proxied
   * WebSocket takes two, so one worker alone could not front the load tests' 10,000 sessions.
   * backlog=4096 (nginx's default is 511): a storm of reconnects overflowed the accept queue,
   * and each dropped handshake cost its client a retransmit or a failed upgrade.
   * worker_shutdown_timeout 1s: after a reload the old workers close the WebSockets and event
   * streams they still carry (without it they serve them until the read timeout), as ingress-nginx
   * does after its worker-shutdown-timeout; tests of a reload see the cut at once. The
   * X-Logcast-Upstream response header names the gateway that served a request, so a test knows
   * which instance to kill and where a client came back.
   */
  static String config(int port, List<Integer> upstreams, Path dir) {
    String servers = upstreams.stream()
        .map(p -> "    server 127.0.0.1:" + p + " max_fails=0;")
        .collect(Collectors.joining("\n"));
    String tmp = dir.resolve("tmp").toString();
    return """
        worker_processes 2;
        worker_rlimit_nofile 20000;
        error_log %1$s/error.log warn;
        pid %1$s/nginx.pid;
        worker_shutdown_timeout 1s;
        events { worker_connections 19000; }
        http {
          access_log off;
          client_body_temp_path %2$s/body;
          proxy_temp_path %2$s/proxy;
          fastcgi_temp_path %2$s/fastcgi;
          uwsgi_temp_path %2$s/uwsgi;
          scgi_temp_path %2$s/scgi;
          map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
          # kept-alive upstream connections, as ingress-nginx does; closed before the gateways'
          # limits.httpIdleTimeoutMs (60 s) so that nginx never sends on one the gateway is closing
          upstream logcast {
        %3$s
            keepalive 64;
            keepalive_timeout 30s;
          }
          server {
            listen 127.0.0.1:%4$d reuseport backlog=4096;
            location / {
              proxy_pass http://logcast;
              proxy_http_version 1.1;
              proxy_set_header Upgrade $http_upgrade;
              proxy_set_header Connection $connection_upgrade;
              proxy_set_header Host $host;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_buffering off;
              proxy_read_timeout 3600s;
              proxy_send_timeout 3600s;
              proxy_connect_timeout 2s;
              proxy_next_upstream error timeout http_502 http_503;
              add_header X-Logcast-Upstream $upstream_addr;
            }
          }
        }
        """.formatted(dir, tmp, servers, port);
  }

  private boolean accepting() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code nginx -s reload}: new workers take the listening socket, the old ones close their
   * connections within the shutdown timeout (every proxied WebSocket and event stream is cut).
   */
  public void reload() {
    try {
      Process p = new ProcessBuilder(binary.toString(), "-p", workDir.toString(), "-c",
          workDir.resolve("nginx.conf").toString(), "-s", "reload")
          .redirectErrorStream(true).redirectOutput(Redirect.appendTo(workDir.resolve("nginx.out").toFile())).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("nginx -s reload failed; see " + workDir.resolve("nginx.out"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
